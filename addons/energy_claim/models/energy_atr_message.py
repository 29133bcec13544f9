# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


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
