# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyAtrCase(models.Model):
    _inherit = "energy.atr.case"

    claim_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Customer Claim",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The customer's claim this R1 was opened for.",
    )

    def _prepare_claim_values(self, now):
        """The R1-01 of a customer's claim carries the claim's number as
        ReferenciaOrigen, its claimant type and the code it refers to."""
        values = super()._prepare_claim_values(now)
        claim = self.claim_ticket_id
        if claim:
            values["claim"].update(
                {
                    "origin_reference": claim.number,
                    "claimant_type": claim.claimant_type_id.code or None,
                    "request_code_ref": claim.atr_request_ref or None,
                }
            )
        return values

    def _on_enter_state(self, now):
        result = super()._on_enter_state(now)
        ended = self.filtered(
            lambda case: case.claim_ticket_id and case.state in self._lifecycle.closed
        )
        if ended:
            ended.claim_ticket_id.sudo()._on_r1_ended(ended)
        return result
