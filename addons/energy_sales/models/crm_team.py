# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTeam(models.Model):
    """The retry rule of a team's call queue: when a lead that did not answer
    comes back to the queue, and how many times."""

    _inherit = "crm.team"

    call_retry_hours = fields.Integer(
        string="Retry After (hours)",
        default=4,
        help="A lead that did not answer comes back to its agent's queue this "
        "many hours after the call.",
    )
    call_retry_max = fields.Integer(
        string="Calls Without Answer",
        default=3,
        help="After this many unanswered calls the lead leaves the queue.",
    )
    call_claim_minutes = fields.Integer(
        string="Lead Held For (minutes)",
        default=30,
        help="A lead taken with Next Call stays with its agent this long; if "
        "no call is logged by then, another agent may take it.",
    )

    @api.constrains("call_retry_hours", "call_retry_max", "call_claim_minutes")
    def _check_call_queue_rule(self):
        for team in self:
            if (
                team.call_retry_hours < 0
                or team.call_retry_max < 1
                or team.call_claim_minutes < 1
            ):
                raise ValidationError(
                    self.env._(
                        "%(team)s: the retry delay cannot be negative, and at "
                        "least one call and one minute of hold are needed.",
                        team=team.display_name,
                    )
                )
