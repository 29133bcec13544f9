# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyCommissionDisputeAnswerWizard(models.TransientModel):
    """The back-office's answer to a channel's dispute, with its reason."""

    _name = "energy.commission.dispute.answer.wizard"
    _description = "Answer a Commission Dispute"

    dispute_id = fields.Many2one(
        "energy.commission.dispute", required=True, ondelete="cascade"
    )
    reason = fields.Text(string="Channel's Reason", related="dispute_id.reason")
    answer = fields.Text(required=True, help="Sent to the channel in the portal.")

    def action_accept(self):
        self.ensure_one()
        return self.dispute_id._answer("accepted", self.answer)

    def action_reject(self):
        self.ensure_one()
        return self.dispute_id._answer("rejected", self.answer)
