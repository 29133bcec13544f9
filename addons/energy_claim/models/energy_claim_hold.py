# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.energy_atr.models.energy_atr_deadline import is_working_day

PARTIES = [
    ("us", "Us (the retailer)"),
    ("customer", "Customer"),
    ("distributor", "Distributor"),
    ("other", "Another party"),
]


def working_days_between(start, stop):
    """Working days (Spain's national holidays excluded) from the date of
    `start` (included) to the date of `stop` (excluded)."""
    if not start or not stop:
        return 0
    day, end = start.date(), stop.date()
    count = 0
    while day < end:
        if is_working_day(day):
            count += 1
        day = fields.Date.add(day, days=1)
    return count


class EnergyClaimHold(models.Model):
    """One period during which a party held a claim (the CNMC report needs
    the waiting time per responsible party; time with us is per agent).
    Opened and closed by the claim's status changes only."""

    _name = "energy.claim.hold"
    _description = "Claim Holding Period"
    _order = "ticket_id, date_start, id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Claim",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, readonly=True
    )
    party = fields.Selection(
        PARTIES, string="Held By", required=True, index=True, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        index=True,
        readonly=True,
        help="The agent assigned to the claim while we held it.",
    )
    date_start = fields.Datetime(required=True, readonly=True, index=True)
    date_end = fields.Datetime(readonly=True, index=True)
    duration_hours = fields.Float(
        compute="_compute_duration", store=True, aggregator="sum", digits=(16, 2)
    )
    working_days = fields.Integer(
        compute="_compute_duration",
        store=True,
        aggregator="sum",
        help="Working days the period spans (Spain's national holidays "
        "excluded); what a customer's wait adds to the deadline.",
    )

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for hold in self:
            if hold.date_end:
                delta = hold.date_end - hold.date_start
                hold.duration_hours = delta.total_seconds() / 3600
                hold.working_days = working_days_between(hold.date_start, hold.date_end)
            else:
                hold.duration_hours = 0
                hold.working_days = 0
