# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .energy_contract import BLOCKING_PARTIES
from .lifecycle import CLOSED_STATES


class EnergyContract(models.Model):
    """The phase clock of a request: since when it is in its phase, its
    deadline and owner from the phase's governance, who holds the ball and
    since when, the SLA status, and what entering and leaving a phase does
    (the lifecycle mixin's hooks)."""

    _inherit = "energy.contract"

    state_date = fields.Datetime(
        string="In Phase Since",
        default=fields.Datetime.now,
        copy=False,
        readonly=True,
        index=True,
    )
    phase_deadline = fields.Datetime(copy=False, readonly=True, index="btree_not_null")
    blocking_party = fields.Selection(
        BLOCKING_PARTIES,
        string="Ball With",
        copy=False,
        index=True,
        help="Who must act for the request to move on.",
    )
    blocking_since = fields.Datetime(copy=False, readonly=True)
    phase_owner_user_id = fields.Many2one(
        "res.users",
        string="Phase Owner",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Owner of the current phase when the request entered it.",
    )
    phase_owner_group_id = fields.Many2one(
        "res.groups",
        string="Phase Owner Team",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    is_my_phase = fields.Boolean(
        string="My Phase",
        compute="_compute_is_my_phase",
        search="_search_is_my_phase",
        help="The current phase is owned by me or by one of my teams.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_sla_status", search="_search_is_overdue", string="Overdue"
    )
    sla_status = fields.Selection(
        [("on_time", "On time"), ("due_soon", "Due soon"), ("overdue", "Overdue")],
        string="SLA",
        compute="_compute_sla_status",
    )
    phase_time_ids = fields.One2many(
        "energy.contract.phase.time",
        "contract_id",
        string="Time per Phase",
        readonly=True,
    )

    @api.depends("phase_deadline", "state")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for contract in self:
            deadline = contract.phase_deadline
            if not deadline or contract.state in CLOSED_STATES:
                contract.sla_status = "on_time"
            elif deadline < now:
                contract.sla_status = "overdue"
            elif deadline - now < (deadline - (contract.state_date or now)) / 4:
                contract.sla_status = "due_soon"
            else:
                contract.sla_status = "on_time"
            contract.is_overdue = contract.sla_status == "overdue"

    @api.depends("phase_owner_user_id", "phase_owner_group_id")
    @api.depends_context("uid")
    def _compute_is_my_phase(self):
        user = self.env.user
        for contract in self:
            contract.is_my_phase = contract.phase_owner_user_id == user or (
                contract.phase_owner_group_id in user.groups_id
            )

    def _search_is_my_phase(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on My Phase."))
        mine = [
            "|",
            ("phase_owner_user_id", "=", self.env.uid),
            ("phase_owner_group_id", "in", self.env.user.groups_id.ids),
        ]
        return mine if (operator == "=") == value else ["!", *mine]

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Overdue."))
        overdue = [
            ("phase_deadline", "<", fields.Datetime.now()),
            ("state", "not in", CLOSED_STATES),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    def action_set_blocking_party(self, party, reason=None):
        """An event changes who holds the ball without leaving the phase (the
        customer answered, the channel was asked for a document...)."""
        if party not in dict(BLOCKING_PARTIES):
            raise UserError(self.env._("Unknown party: %(party)s.", party=party))
        closed = self.filtered(lambda c: c.state in CLOSED_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "Nobody holds the ball on a closed request: %(names)s.",
                    names=", ".join(closed.mapped("name")),
                )
            )
        now = fields.Datetime.now()
        self._lock_for_update()
        self._close_phase_clock(now)
        self._write_guarded({"blocking_party": party, "blocking_since": now})
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": contract.id,
                    "event_type": "blocking_change",
                    "new_value": party,
                    "reason": reason,
                }
                for contract in self
            ]
        )
        return True

    def _on_leave_state(self, now):
        """Close the clock of the old phase and record the visit."""
        self._close_phase_clock(now)
        self._leave_phase(now)

    def _write_state_values(self, new_state, values, now):
        """The new state, the values of the new phase (deadline, blocking
        party, owner) and `values` in one write per group of equal values.
        The history (events) is the record of phase changes: the transition
        posts nothing to the chatter, and of `values` only the tracked fields
        are tracked there."""
        tracked = self._track_get_fields().intersection(values)
        if tracked:
            self._track_prepare(tracked)
        moving = self.with_context(mail_notrack=True)
        for group, entry_values in moving._get_phase_entry_groups(now, new_state):
            group._write_guarded({**values, **entry_values})

    def _on_enter_state(self, now):
        self._enter_phase(now)

    def _prepare_state_values(self, new_state, now):
        return {"state": new_state, "state_date": now, "blocking_since": now}

    def _get_phase_entry_groups(self, now, state=None):
        """(requests, values) pairs for requests entering `state` (their
        current phase by default) at `now`: the phase's deadline, owner and
        blocking party, which differs between requests with and without a
        channel. One pair per group of requests with equal values."""
        phases = self.env["energy.contract.phase"]._get_by_state()
        by_state = self.grouped(lambda c: state or c.state)
        for phase_state, contracts in by_state.items():
            phase = phases.get(phase_state)
            common = {
                "phase_deadline": phase._compute_deadline(now) if phase else False,
                "phase_owner_user_id": phase.owner_user_id.id if phase else False,
                "phase_owner_group_id": phase.owner_group_id.id if phase else False,
            }
            for party, group in contracts._group_by_default_party(
                phase, phase_state
            ).items():
                yield group, dict(common, blocking_party=party)

    def _enter_phase(self, now):
        """Side effects of entering the current phase: the owner's activity
        and the notifications. Addons extend it (document checklist...)."""
        phases = self.env["energy.contract.phase"]._get_by_state()
        for state, contracts in self.grouped("state").items():
            phase = phases.get(state)
            if phase:
                phase._on_enter(contracts, contracts[:1].phase_deadline)

    def _group_by_default_party(self, phase, state=None):
        ids_by_party = {}
        default = phase.blocking_party if phase else False
        for contract in self:
            party = default
            if party == "customer" and contract.channel_id and phase.channel_blocks:
                party = "channel"
            if (state or contract.state) in CLOSED_STATES:
                party = False
            ids_by_party.setdefault(party, []).append(contract.id)
        return {party: self.browse(ids) for party, ids in ids_by_party.items()}

    def _leave_phase(self, now):
        """Side effects of leaving the current phase at `now` (the moment the
        transition enters the next one): the owner's activity is closed, the
        visit is recorded."""
        phases = self.env["energy.contract.phase"]._get_by_state()
        for state in set(self.mapped("state")):
            phase = phases.get(state)
            if phase:
                phase._on_leave(self.filtered(lambda c, s=state: c.state == s))

    def _close_phase_clock(self, now):
        """Add the time since the last clock start to (phase, blocking party)."""
        self.env["energy.contract.phase.time"]._add_time_until(self, now)

    @api.model
    def _cron_flag_overdue(self):
        """Give the owner a reminder on requests whose phase deadline passed."""
        activity_type = self._overdue_activity_type()
        overdue = self.search(
            [
                ("is_overdue", "=", True),
                (
                    "activity_ids",
                    "not any",
                    [("activity_type_id", "=", activity_type.id)],
                ),
            ],
            limit=1000,
        )
        for user, contracts in overdue.grouped("user_id").items():
            contracts.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id or self.env.uid,
                date_deadline=fields.Date.context_today(self),
                # in the language of whom it is for, not of the cron's user
                summary=self.with_context(lang=user.lang or self.env.lang).env._(
                    "Phase deadline passed"
                ),
            )
        return len(overdue)

    @api.model
    def _overdue_activity_type(self):
        return self.env.ref("energy_contract.mail_activity_type_overdue")
