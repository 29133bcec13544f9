# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo import models

ATR_NS = "{http://localhost/elegibilidad}"


class EnergyAtrMessage(models.Model):
    _inherit = "energy.atr.message"

    def _atr_apply_other(self, items):
        """An R1-03 (the distributor asks for information) gives the
        customer's claim an activity to answer it with an R1-04."""
        result = super()._atr_apply_other(items)
        claims = self.env["helpdesk.ticket"].browse(
            [
                item.case.claim_ticket_id.id
                for item in items
                if item.case
                and item.parsed.process == "R1"
                and item.parsed.step == "03"
                and item.case.claim_ticket_id
            ]
        )
        if claims:
            claims.sudo()._on_r1_information_requested()
        return result

    def _atr_apply_claim_closure(self, items):
        """An R1-05 closes the R1: its result (table 80) and detail code
        (table 73) are written onto the customer's claim."""
        result = super()._atr_apply_claim_closure(items)
        for item in items:
            claim = item.case and item.case.claim_ticket_id
            if not claim:
                continue
            closure = self._r1_closure_codes(item.message.attachment_id.raw)
            claim.sudo()._on_r1_closure(item.case, *closure)
        return result

    @staticmethod
    def _r1_closure_codes(raw):
        """(result code, detail code, remarks) of an R1-05's DatosCierre."""
        if not raw:
            return None, None, None
        root = etree.fromstring(raw)

        def text(tag):
            node = root.find(f".//{ATR_NS}DatosCierre/{ATR_NS}{tag}")
            return (node.text or "").strip() or None if node is not None else None

        return (
            text("ResultadoReclamacion"),
            text("DetalleResultado"),
            text("Observaciones"),
        )
