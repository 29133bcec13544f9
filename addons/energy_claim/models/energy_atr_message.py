# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo import models

ATR_NS = "{http://localhost/elegibilidad}"


class EnergyAtrMessage(models.Model):
    _inherit = "energy.atr.message"

    def _atr_apply_other(self, items):
        """An R1-03 (the distributor asks for information) is recorded on
        the customer's claim with an activity to answer it with an R1-04."""
        result = super()._atr_apply_other(items)
        for item in items:
            claim = item.case and item.case.claim_ticket_id
            if not claim or (item.parsed.process, item.parsed.step) != ("R1", "03"):
                continue
            request = self._r1_information_request(item.message.attachment_id.raw)
            claim.sudo()._on_r1_information_requested(item.case, *request)
        return result

    @classmethod
    def _r1_information_request(cls, raw):
        """(information type, what is asked) of an R1-03."""
        root = etree.fromstring(raw) if raw else None
        request = (
            root.find(f".//{ATR_NS}SolicitudInformacionAdicional")
            if root is not None
            else None
        )
        if request is None:
            return None, cls._xml_text(root, "Comentarios")
        return (
            cls._xml_text(request, "TipoInformacionAdicional"),
            cls._xml_text(request, "DescPeticionInformacion")
            or cls._xml_text(root, "Comentarios"),
        )

    @staticmethod
    def _xml_text(node, tag):
        found = node.find(f".//{ATR_NS}{tag}") if node is not None else None
        return (found.text or "").strip() or None if found is not None else None

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

    @classmethod
    def _r1_closure_codes(cls, raw):
        """(result code, detail code, remarks) of an R1-05's DatosCierre."""
        root = etree.fromstring(raw) if raw else None
        closure = root.find(f".//{ATR_NS}DatosCierre") if root is not None else None
        return (
            cls._xml_text(closure, "ResultadoReclamacion"),
            cls._xml_text(closure, "DetalleResultado"),
            cls._xml_text(closure, "Observaciones"),
        )
