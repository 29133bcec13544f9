# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The claim's clock: who holds it at each moment, the regulated answer
deadline (paused while the customer owes us information), the overdue and
about-to-expire searches and the escalation to a supervisor."""

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.sql import create_index

from odoo.addons.energy_atr.models.energy_atr_deadline import (
    SPAIN_TZ,
    add_working_days,
)

from .claim_lifecycle import CLOCK_RUNNING, HOLDER
from .energy_claim_hold import PARTIES

# Working days before the deadline from which a claim is about to expire.
EXPIRING_DAYS = 3


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    held_by = fields.Selection(
        PARTIES,
        compute="_compute_held_by",
        store=True,
        index=True,
        help="Who holds the claim now: whose clock runs.",
    )
    hold_ids = fields.One2many(
        "energy.claim.hold", "ticket_id", string="Holding Periods", readonly=True
    )
    answer_days = fields.Integer(
        string="Answer Deadline (working days)",
        compute="_compute_answer_days",
        store=True,
        readonly=False,
        precompute=True,
        help="From the subtype (15 working days by default, Ley 10/2025).",
    )
    customer_wait_days = fields.Integer(
        string="Waiting on Customer (working days)",
        compute="_compute_date_deadline",
        store=True,
    )
    date_deadline = fields.Date(
        string="Answer Deadline",
        compute="_compute_date_deadline",
        store=True,
        index=True,
        help="Received date plus the answer days plus the working days spent "
        "waiting for the customer (Spain's national holidays excluded).",
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    is_expiring = fields.Boolean(
        string="About to Expire",
        compute="_compute_is_overdue",
        search="_search_is_expiring",
    )
    escalated = fields.Boolean(readonly=True, copy=False, index=True)

    def init(self):
        """The *Overdue* and *About to Expire* filters read the deadline of
        the claims whose clock runs, grouped by stage: a partial index on
        just those rows serves them at 200 000 claims."""
        result = super().init()
        running = ", ".join(f"'{state}'" for state in CLOCK_RUNNING)
        create_index(
            self.env.cr,
            "helpdesk_ticket_claim_clock_running_index",
            self._table,
            ["date_deadline", "stage_id"],
            where=f"state IN ({running})",
        )
        return result

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("state")
    def _compute_held_by(self):
        for claim in self:
            claim.held_by = HOLDER.get(claim.state, False)

    @api.depends("claim_subtype_id")
    def _compute_answer_days(self):
        for claim in self:
            if claim.claim_subtype_id or not claim.answer_days:
                claim.answer_days = claim.claim_subtype_id.answer_days or 15

    @api.depends(
        "date_received", "answer_days", "hold_ids.working_days", "hold_ids.party"
    )
    def _compute_date_deadline(self):
        for claim in self:
            waited = sum(
                claim.hold_ids.filtered(lambda h: h.party == "customer").mapped(
                    "working_days"
                )
            )
            claim.customer_wait_days = waited
            if not claim.date_received:
                claim.date_deadline = False
                continue
            received = (
                pytz.utc.localize(claim.date_received)
                .astimezone(pytz.timezone(SPAIN_TZ))
                .date()
            )
            claim.date_deadline = add_working_days(
                received, (claim.answer_days or 0) + waited
            )

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        soon = add_working_days(today, EXPIRING_DAYS)
        for claim in self:
            running = claim.state in CLOCK_RUNNING and claim.date_deadline
            claim.is_overdue = bool(running and claim.date_deadline < today)
            claim.is_expiring = bool(running and today <= claim.date_deadline <= soon)

    def _search_is_overdue(self, operator, value):
        today = fields.Date.context_today(self)
        domain = [
            ("state", "in", CLOCK_RUNNING),
            ("date_deadline", "<", today),
        ]
        return self._clock_search(domain, operator, value)

    def _search_is_expiring(self, operator, value):
        today = fields.Date.context_today(self)
        domain = [
            ("state", "in", CLOCK_RUNNING),
            ("date_deadline", ">=", today),
            ("date_deadline", "<=", add_working_days(today, EXPIRING_DAYS)),
        ]
        return self._clock_search(domain, operator, value)

    def _clock_search(self, domain, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on a claim's clock."))
        if (operator == "=") == value:
            return domain
        return ["!", "&", "&", *domain] if len(domain) == 3 else ["!", "&", *domain]

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    def write(self, vals):
        if "user_id" not in vals:
            return super().write(vals)
        # time with us is recorded per agent: a new assignee opens a period
        changed = self.filtered(
            lambda c: c.held_by == "us" and c.user_id.id != vals["user_id"]
        )
        result = super().write(vals)
        if changed:
            changed._clock_switch(fields.Datetime.now())
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _clock_open(self, claims, now):
        """Open a holding period for each claim held by someone."""
        self.env["energy.claim.hold"].sudo().create(
            [
                {
                    "ticket_id": claim.id,
                    "party": claim.held_by,
                    "user_id": claim.user_id.id if claim.held_by == "us" else False,
                    "date_start": now,
                }
                for claim in claims
                if claim.held_by
            ]
        )

    def _clock_switch(self, now):
        """Close the open holding periods of the claims and open the next."""
        Hold = self.env["energy.claim.hold"].sudo()
        Hold.search([("ticket_id", "in", self.ids), ("date_end", "=", False)]).write(
            {"date_end": now}
        )
        self._clock_open(self, now)

    @api.model
    def _cron_escalate_overdue(self):
        """Give each overdue claim not yet escalated to a supervisor (its
        team's leader, else an energy manager) with an activity."""
        claims = self.search([("is_overdue", "=", True), ("escalated", "=", False)])
        if not claims:
            return claims
        for claim in claims:
            supervisor = claim._claim_supervisor()
            claim.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Overdue claim: answer it now"),
                note=self.env._(
                    "Claim %(claim)s passed its answer deadline of %(date)s.",
                    claim=claim.display_name,
                    date=claim.date_deadline,
                ),
                user_id=supervisor.id,
            )
        claims.write({"escalated": True})
        claims._history_log(
            [
                {
                    "event_type": "escalation",
                    "new_value": str(claim.date_deadline),
                    "reason": self.env._("Escalated to a supervisor: overdue."),
                }
                for claim in claims
            ]
        )
        return claims

    def _claim_supervisor(self):
        """The claim's supervisor: its team's leader, else an energy manager."""
        self.ensure_one()
        if self.team_id.user_id:
            return self.team_id.user_id
        return self.env.ref("energy_base.group_energy_manager").sudo().users.filtered(
            lambda u: not u.share and u.active
        )[:1] or self.env.ref("base.user_admin")
