# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SurveyUserInput(models.Model):
    """A customer's answer to the claim satisfaction survey links back to
    its claim; completing it writes the score onto the claim."""

    _inherit = "survey.user_input"

    claim_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Claim",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The resolved claim this satisfaction survey was sent for.",
    )

    def _mark_done(self):
        result = super()._mark_done()
        answered = self.filtered("claim_ticket_id")
        if answered:
            # the customer answers through the public token link (sudo): the
            # claim records the answer through its own trusted method
            answered.claim_ticket_id.sudo()._on_satisfaction_answered(answered)
        return result
