# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

EVENT_TYPES = [
    ("state_change", "Status change"),
    ("received", "Claim received"),
    ("escalation", "Escalation"),
    ("r1", "Claim to the distributor (R1)"),
    ("resolution", "Resolution"),
    ("survey", "Satisfaction survey"),
]


class EnergyClaimEvent(models.Model):
    """Append-only history of a claim: reception, every status change (who
    holds the claim), R1 messages, escalations and the resolution,
    hash-chained per claim (see `energy.history.event.mixin`)."""

    _name = "energy.claim.event"
    _inherit = ["energy.history.event.mixin"]
    _description = "Claim Event"
    _order = "ticket_id, sequence"
    _history_subject_field = "ticket_id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Claim",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
    )
    event_type = fields.Selection(
        selection_add=[*EVENT_TYPES, ("note",)],
        ondelete=dict.fromkeys(dict(EVENT_TYPES), "cascade"),
    )
