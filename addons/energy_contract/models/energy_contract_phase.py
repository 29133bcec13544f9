# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import UTC, timedelta

from odoo import api, fields, models

from .energy_contract import BLOCKING_PARTIES
from .lifecycle import STATES


class EnergyContractPhase(models.Model):
    """Governance of one phase of the request lifecycle, edited by managers:
    who owns it, how long it may take, who holds the ball by default, and whom
    to notify when a request enters it."""

    _name = "energy.contract.phase"
    _inherit = ["energy.cached.config.mixin"]
    _description = "Contract Request Phase"
    _order = "sequence, id"

    state = fields.Selection(STATES, required=True, index=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    owner_user_id = fields.Many2one(
        "res.users",
        string="Owner",
        help="Gets an activity on every request that enters the phase; the activity "
        "is closed when the request leaves it.",
    )
    owner_group_id = fields.Many2one(
        "res.groups",
        string="Owner Team",
        help="The team that works the phase (for lists and reports).",
    )
    duration = fields.Float(
        string="Target Duration",
        help="How long a request may stay in the phase; zero for no deadline.",
    )
    duration_unit = fields.Selection(
        [
            ("hours", "Hours"),
            ("working_days", "Working days"),
            ("days", "Calendar days"),
        ],
        default="working_days",
        required=True,
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        help="Working hours and public holidays that count for working days; the "
        "company's calendar when empty.",
    )
    blocking_party = fields.Selection(
        BLOCKING_PARTIES,
        string="Ball With",
        help="Who must act while a request is in this phase.",
    )
    channel_blocks = fields.Boolean(
        string="Channel Answers for the Customer",
        default=True,
        help="When the request came through a channel, the channel holds the ball "
        "instead of the customer.",
    )
    customer_template_id = fields.Many2one(
        "mail.template",
        string="Customer E-mail",
        domain=[("model", "=", "energy.contract")],
        help="Sent to the customer when a request enters the phase.",
    )
    channel_template_id = fields.Many2one(
        "mail.template",
        string="Channel E-mail",
        domain=[("model", "=", "energy.contract")],
        help="Sent to the channel when a request of theirs enters the phase.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "state_company_unique",
            "UNIQUE (state, company_id)",
            "Each phase is configured once per company.",
        ),
    ]

    @api.model
    def _get_by_state(self):
        """{state: phase} for the current company (one query)."""
        phases = self.search(
            [("company_id", "in", [False, self.env.company.id])],
            order="company_id desc",
        )
        return {phase.state: phase for phase in phases}

    def _compute_deadline(self, start):
        """Deadline of a request entering the phase at `start` (UTC naive)."""
        self.ensure_one()
        if not self.duration:
            return False
        if self.duration_unit == "days":
            return start + timedelta(days=self.duration)
        calendar = self.calendar_id or self.env.company.resource_calendar_id
        if not calendar:
            hours = (
                self.duration if self.duration_unit == "hours" else self.duration * 24
            )
            return start + timedelta(hours=hours)
        start_utc = start.replace(tzinfo=UTC)
        if self.duration_unit == "hours":
            deadline = calendar.plan_hours(
                self.duration, start_utc, compute_leaves=True
            )
        else:
            deadline = self._end_of_working_day(calendar, start_utc, int(self.duration))
        if not deadline:
            return False
        return deadline.astimezone(UTC).replace(tzinfo=None)

    @api.model
    def _end_of_working_day(self, calendar, start, days):
        """End of the last work interval of the `days`-th working day from
        `start` (public holidays of the calendar excluded)."""
        horizon = start + timedelta(days=days * 3 + 31)
        intervals = calendar._work_intervals_batch(start, horizon)[False]
        ends_by_day = {}
        for _begin, stop, _meta in intervals:
            ends_by_day[stop.date()] = max(stop, ends_by_day.get(stop.date(), stop))
        working_days = sorted(ends_by_day)
        if len(working_days) < days:
            return False
        return ends_by_day[working_days[days - 1]]

    def _on_enter(self, contracts, deadline):
        """Owner activity and notifications for requests entering the phase."""
        self.ensure_one()
        if self.owner_user_id:
            contracts.activity_schedule(
                "energy_contract.mail_activity_type_phase",
                date_deadline=(deadline or fields.Datetime.now()).date(),
                summary=self.name,
                user_id=self.owner_user_id.id,
            )
        self._notify_customers(contracts)
        if self.channel_template_id:
            for contract in contracts.filtered("channel_id"):
                contract.message_post_with_source(
                    self.channel_template_id, subtype_xmlid="mail.mt_comment"
                )

    def _notify_customers(self, contracts):
        """The phase's customer e-mail, posted on each request entering it.
        Addons that send it otherwise (in batches) override this."""
        if self.customer_template_id:
            for contract in contracts:
                contract.message_post_with_source(
                    self.customer_template_id, subtype_xmlid="mail.mt_comment"
                )

    def _on_leave(self, contracts):
        """Close the owner activity of requests leaving the phase."""
        contracts.activity_feedback(
            ["energy_contract.mail_activity_type_phase"],
            feedback=self.env._("Left the phase %(phase)s", phase=self.name),
        )
