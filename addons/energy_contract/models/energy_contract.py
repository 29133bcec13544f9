# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from stdnum import iban as stdnum_iban
from stdnum.es import nif as stdnum_nif

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .lifecycle import CLOSED_STATES, CONTRACT_LIFECYCLE, STATES

PERIODS = range(1, 7)
POWER_FIELDS = [f"power_p{period}_kw" for period in PERIODS]

BLOCKING_PARTIES = [
    ("us", "Us"),
    ("customer", "Customer"),
    ("channel", "Channel"),
    ("distributor", "Distributor"),
]
REQUEST_TYPES = [
    ("new_supply", "New supply (A3)"),
    ("switch", "Switch without changes (C1)"),
    ("switch_changes", "Switch with changes (C2)"),
    ("modification", "Power/tariff modification (M1)"),
    ("holder_change", "Holder change (M1 transfer/subrogation)"),
    ("holder_change_switch", "Holder change with switch (C2)"),
    ("renewal", "Renewal"),
    ("termination", "Termination (B1)"),
    ("withdrawal", "Withdrawal within 14 days"),
]
# Requests that change an existing contract of ours.
CHANGE_TYPES = ("modification", "holder_change", "renewal", "termination", "withdrawal")


class EnergyContract(models.Model):
    """A supply contract request: one entry with an ID from intake to
    activation and termination, moved along declared edges only, with an owner,
    a deadline and the party who holds the ball in each phase."""

    _name = "energy.contract"
    _description = "Supply Contract Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "energy.lifecycle.mixin",
    ]
    _order = "date_requested desc, id desc"
    _check_company_auto = True
    _lifecycle = CONTRACT_LIFECYCLE

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        default="/",
        index="trigram",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    request_type = fields.Selection(
        REQUEST_TYPES, required=True, default="switch", tracking=True, index=True
    )
    state = fields.Selection(
        STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        group_expand="_read_group_expand_states",
        help="Phase changes are recorded in the request's history by the "
        "transition itself.",
    )
    parent_contract_id = fields.Many2one(
        "energy.contract",
        string="Changes Contract",
        index="btree_not_null",
        check_company=True,
        help="The contract that this modification, holder change, renewal or "
        "termination changes.",
    )
    change_request_ids = fields.One2many(
        "energy.contract", "parent_contract_id", string="Change Requests"
    )

    # Customer
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    customer_type = fields.Selection(
        [("individual", "Individual"), ("company", "Company")],
        compute="_compute_customer_type",
        store=True,
        readonly=False,
        precompute=True,
    )
    partner_vat = fields.Char(related="partner_id.vat", string="NIF", readonly=False)
    partner_email = fields.Char(related="partner_id.email", readonly=False)
    partner_phone = fields.Char(related="partner_id.phone", readonly=False)
    partner_invoice_id = fields.Many2one(
        "res.partner",
        string="Billing Address",
        help="Where invoices go; the customer when empty.",
    )
    bank_iban = fields.Char(string="IBAN", tracking=True)
    sepa_mandate_ref = fields.Char(string="SEPA Mandate Reference", tracking=True)
    sepa_mandate_date = fields.Date(string="SEPA Mandate Date")

    # Supply and conditions
    supply_point_id = fields.Many2one(
        "energy.supply.point",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    cups = fields.Char(related="supply_point_id.cups", store=True, index="trigram")
    distributor_id = fields.Many2one(
        related="supply_point_id.distributor_id", store=True, index=True
    )
    product_id = fields.Many2one(
        "energy.product",
        tracking=True,
        check_company=True,
        index=True,
    )
    access_tariff_id = fields.Many2one(
        "energy.access.tariff",
        compute="_compute_access_tariff_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
    )
    power_p1_kw = fields.Float(string="Power P1 (kW)", digits=(16, 3), tracking=True)
    power_p2_kw = fields.Float(string="Power P2 (kW)", digits=(16, 3), tracking=True)
    power_p3_kw = fields.Float(string="Power P3 (kW)", digits=(16, 3), tracking=True)
    power_p4_kw = fields.Float(string="Power P4 (kW)", digits=(16, 3), tracking=True)
    power_p5_kw = fields.Float(string="Power P5 (kW)", digits=(16, 3), tracking=True)
    power_p6_kw = fields.Float(string="Power P6 (kW)", digits=(16, 3), tracking=True)
    activation_mode = fields.Selection(
        [
            ("asap", "As soon as possible"),
            ("next_reading", "Next meter reading"),
            ("fixed_date", "Fixed date"),
        ],
        default="asap",
        required=True,
    )
    date_activation_requested = fields.Date(string="Requested Activation Date")

    # Sales
    channel_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        domain=[("is_energy_channel", "=", True)],
        tracking=True,
        help="Agency or sub-agency that sold the contract.",
    )
    sales_agent_id = fields.Many2one(
        "res.partner", help="Person of the channel who sold it."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    source = fields.Selection(
        [
            ("web", "Web"),
            ("channel_portal", "Channel portal"),
            ("telemarketing", "Telemarketing"),
            ("field_sales", "Field sales"),
            ("backoffice", "Back-office"),
        ],
        default="backoffice",
        required=True,
        index=True,
    )

    # Dates and terms
    date_requested = fields.Datetime(
        string="Requested On", default=fields.Datetime.now, required=True, index=True
    )
    date_signed = fields.Datetime(string="Signed On", copy=False, tracking=True)
    date_submitted = fields.Datetime(string="Submitted On", copy=False)
    date_accepted = fields.Datetime(string="Accepted On", copy=False)
    date_activated = fields.Date(string="Activated On", copy=False)
    date_end = fields.Date(
        string="End / Renewal Date",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        copy=False,
    )
    date_terminated = fields.Date(string="Terminated On", copy=False)
    duration_months = fields.Integer(string="Duration (months)", default=12)
    auto_renew = fields.Boolean(
        string="Renews Automatically",
        default=True,
        help="At the end date the contract renews for the same duration unless "
        "either party gives notice.",
    )

    # Outcome
    termination_reason = fields.Selection(
        [
            ("customer_request", "Customer request"),
            ("switched_to_competitor", "Switched to a competitor"),
            ("non_payment", "Non-payment"),
            ("end_of_term", "End of term"),
            ("supply_removed", "Supply removed"),
            ("other", "Other"),
        ],
        copy=False,
        tracking=True,
    )
    reject_reason_code = fields.Char(
        string="Rejection Code",
        copy=False,
        tracking=True,
        help="Coded reason of the rejection, e.g. the CNMC rejection code of the "
        "distributor.",
    )
    state_reason = fields.Text(
        string="Reason",
        copy=False,
        help="Why the request was rejected, cancelled, terminated or put in incident.",
    )

    # Phase clock
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
    event_ids = fields.One2many(
        "energy.contract.event", "contract_id", string="History", readonly=True
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE (name, company_id)",
            "The reference must be unique.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.model
    def _read_group_expand_states(self, states, domain):
        """Kanban columns: every phase a request still goes through, and a
        closed one (active, terminated, rejected, cancelled) only when the
        search finds requests in it."""
        return [
            state
            for state, _label in STATES
            if state not in CLOSED_STATES or state in states
        ]

    @api.depends("partner_id.is_company")
    def _compute_customer_type(self):
        for contract in self:
            contract.customer_type = (
                "company"
                if contract.partner_id.commercial_partner_id.is_company
                else "individual"
            )

    @api.depends("product_id", "supply_point_id")
    def _compute_access_tariff_id(self):
        for contract in self:
            contract.access_tariff_id = (
                contract.product_id.access_tariff_id
                or contract.supply_point_id.access_tariff_id
                or contract.access_tariff_id
            )

    @api.depends("date_activated", "duration_months")
    def _compute_date_end(self):
        for contract in self:
            if contract.date_activated and contract.duration_months:
                contract.date_end = fields.Date.add(
                    contract.date_activated, months=contract.duration_months
                )
            else:
                contract.date_end = contract.date_end

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

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"
        return result

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("partner_id")
    def _check_partner_vat(self):
        for contract in self:
            vat = contract.partner_id.commercial_partner_id.vat or ""
            # stdnum takes the ES prefix, spaces and dashes itself
            if vat and not stdnum_nif.is_valid(vat):
                raise ValidationError(
                    self.env._(
                        "%(vat)s is not a valid NIF, NIE or CIF for %(customer)s.",
                        vat=vat,
                        customer=contract.partner_id.display_name,
                    )
                )

    @api.constrains("bank_iban")
    def _check_bank_iban(self):
        for contract in self.filtered("bank_iban"):
            if not stdnum_iban.is_valid(contract.bank_iban):
                raise ValidationError(
                    self.env._("%(iban)s is not a valid IBAN.", iban=contract.bank_iban)
                )

    @api.constrains("access_tariff_id", *POWER_FIELDS)
    def _check_powers(self):
        for contract in self.filtered("access_tariff_id"):
            powers = contract._get_powers_kw()
            if not any(powers):
                continue
            errors = contract.access_tariff_id._power_errors(powers)
            if errors:
                raise ValidationError(
                    self.env._(
                        "Request %(name)s:\n%(errors)s",
                        name=contract.name,
                        errors="\n".join(errors),
                    )
                )

    @api.constrains("request_type", "parent_contract_id")
    def _check_parent_contract(self):
        for contract in self:
            if (
                contract.request_type in CHANGE_TYPES
                and not contract.parent_contract_id
            ):
                raise ValidationError(
                    self.env._(
                        "A %(type)s request must name the contract it changes.",
                        type=dict(REQUEST_TYPES)[contract.request_type],
                    )
                )

    # ------------------------------------------------------------------
    # Onchange methods
    # ------------------------------------------------------------------

    @api.onchange("supply_point_id")
    def _onchange_supply_point_id(self):
        """Start from the supply point's powers; the user changes them if the
        request asks for others."""
        point = self.supply_point_id
        if point and not any(self._get_powers_kw()):
            for fname in POWER_FIELDS:
                self[fname] = point[fname]
            if not self.partner_id and point.holder_id:
                self.partner_id = point.holder_id

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.with_company(
                    vals.get("company_id") or self.env.company.id
                ).next_by_code("energy.contract")
        contracts = super().create(vals_list)
        now = fields.Datetime.now()
        for group, values in contracts._get_phase_entry_groups(now):
            group.with_context(mail_notrack=True)._write_guarded(values)
        contracts._enter_phase(now)
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": contract.id,
                    "event_type": "state_change",
                    "new_value": contract.state,
                    "reason": self.env._("Request created"),
                }
                for contract in contracts
            ]
        )
        return contracts

    def write(self, vals):
        logged = [fname for fname in self._get_logged_fields() if fname in vals]
        before = {}
        if logged:
            for contract in self:
                before[contract.id] = {
                    fname: contract._event_value(fname) for fname in logged
                }
        result = super().write(vals)
        if logged:
            events = []
            for contract in self:
                for fname in logged:
                    new = contract._event_value(fname)
                    if new != before[contract.id][fname]:
                        events.append(
                            {
                                "contract_id": contract.id,
                                "event_type": "field_change",
                                "field_name": fname,
                                "old_value": before[contract.id][fname],
                                "new_value": new,
                            }
                        )
            self.env["energy.contract.event"]._log(events)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Requests are never deleted, so that their history stays whole: "
                "cancel them."
            )
        )

    # ------------------------------------------------------------------
    # Action methods (buttons, server code, the switching addon)
    # ------------------------------------------------------------------

    def action_request_documents(self):
        self._set_state("documentation")
        return True

    def action_to_validation(self):
        self._set_state("validation")
        return True

    def action_to_signature(self):
        self._set_state("signature")
        return True

    def action_back_to_documentation(self):
        self._set_state("documentation")
        return True

    def action_submit(self):
        """Sent to the distributor (the switching addon builds the message)."""
        self._set_state("submitted", self._prepare_submit_values())
        self._action_submit()
        return True

    def action_accept(self, date_accepted=None):
        self._set_state("accepted", self._prepare_accept_values(date_accepted))
        self._action_accept()
        return True

    def action_activate(self, date_activated=None):
        self._set_state("active", self._prepare_activation_values(date_activated))
        self._action_activate()
        return True

    def action_incident(self, reason=None):
        self._set_state(
            "incident", {"state_reason": reason} if reason else None, reason
        )
        return True

    def action_resolve_incident(self):
        self._set_state("submitted")
        return True

    def action_reject(self, reason, code=None):
        self._set_state(
            "rejected", {"state_reason": reason, "reject_reason_code": code}, reason
        )
        self._action_reject()
        return True

    def action_cancel(self, reason):
        self._set_state("cancelled", {"state_reason": reason}, reason)
        self._action_cancel()
        return True

    def action_terminate(
        self, reason, termination_reason="customer_request", date=None
    ):
        self._set_state(
            "terminated",
            {
                "state_reason": reason,
                "termination_reason": termination_reason,
                "date_terminated": date or fields.Date.context_today(self),
            },
            reason,
        )
        self._action_terminate()
        return True

    def action_reset_to_draft(self):
        self._set_state("draft", {"state_reason": False, "reject_reason_code": False})
        return True

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

    def action_open_reason_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.contract.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": self._name,
                "active_ids": self.ids,
                "default_action": self.env.context.get("reason_action", "cancel"),
            },
        }

    # ------------------------------------------------------------------
    # Hooks for other addons (switching, commissions, retention...)
    # ------------------------------------------------------------------

    def _prepare_submit_values(self):
        return {"date_submitted": fields.Datetime.now()}

    def _prepare_accept_values(self, date_accepted=None):
        return {"date_accepted": date_accepted or fields.Datetime.now()}

    def _prepare_activation_values(self, date_activated=None):
        return {"date_activated": date_activated or fields.Date.context_today(self)}

    def _action_submit(self):
        """Hook: the request was submitted to the distributor."""

    def _action_accept(self):
        """Hook: the distributor accepted the request."""

    def _action_activate(self):
        """Hook: the supply is active with us. The supply point becomes ours
        (the requests' history records when and why: no chatter tracking per
        point in a batch of activations)."""
        points = self.supply_point_id.filtered(lambda p: p.status != "customer")
        points.with_context(mail_notrack=True).write({"status": "customer"})

    def _action_reject(self):
        """Hook: the request was rejected."""

    def _action_cancel(self):
        """Hook: the request was cancelled."""

    def _action_terminate(self):
        """Hook: the contract ended. A supply point that left us for another
        retailer is lost (retention and win-back start from there)."""
        switched = self.filtered(
            lambda c: c.termination_reason == "switched_to_competitor"
        ).supply_point_id
        switched.filtered(lambda p: p.status == "customer").write({"status": "lost"})

    def _get_phase_exit_errors(self, new_state):
        """Reasons why this request may not leave its phase for `new_state`.

        Addons extend it (documents, scoring, signature). Translated strings."""
        errors = super()._get_phase_exit_errors(new_state)
        if self.state == "draft" and new_state in ("documentation", "validation"):
            if not self.partner_id or not self.supply_point_id:
                errors.append(self.env._("a customer and a supply point are required"))
        if new_state == "submitted" and not self.date_signed:
            errors.append(self.env._("the customer has not signed"))
        return errors

    # ------------------------------------------------------------------
    # Business methods: the transition machinery
    # ------------------------------------------------------------------

    @api.model
    def _get_guarded_fields(self):
        """The phase, its clock and the dates and reasons its actions set: each
        is written only by the action that records it in the history."""
        return super()._get_guarded_fields() | {
            "state_date",
            "phase_deadline",
            "blocking_party",
            "blocking_since",
            "phase_owner_user_id",
            "phase_owner_group_id",
            "date_signed",
            "date_submitted",
            "date_accepted",
            "date_activated",
            "date_terminated",
            "reject_reason_code",
            "state_reason",
        }

    def _lifecycle_busy_message(self):
        return self.env._(
            "Someone else is changing one of these requests right now; "
            "try again in a moment."
        )

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

    def _lifecycle_log(self, old_states, new_state, reason):
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": contract.id,
                    "event_type": "state_change",
                    "old_value": old_states[contract.id],
                    "new_value": new_state,
                    "reason": reason,
                }
                for contract in self
            ]
        )

    def _prepare_state_values(self, new_state, now):
        return {"state": new_state, "state_date": now, "blocking_since": now}

    def _lock_for_update(self):
        """Lock the rows of the batch, or refuse at once if another transaction
        holds one of them."""
        self._lock_rows_nowait(
            self.env._(
                "Someone else is changing one of these requests right now; "
                "try again in a moment."
            )
        )

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

    def _get_powers_kw(self):
        self.ensure_one()
        return [self[fname] for fname in POWER_FIELDS]

    @api.model
    def _get_logged_fields(self):
        """Key fields whose every change goes to the append-only history."""
        return [
            "partner_id",
            "supply_point_id",
            "product_id",
            "access_tariff_id",
            *POWER_FIELDS,
            "bank_iban",
            "sepa_mandate_ref",
            "date_signed",
            "date_activated",
            "date_terminated",
            "date_end",
            "channel_id",
            "request_type",
        ]

    def _event_value(self, fname):
        value = self[fname]
        if isinstance(value, models.BaseModel):
            return value.display_name or ""
        if value is False or value is None:
            return ""
        return str(value)

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
                summary=self.env._("Phase deadline passed"),
            )
        return len(overdue)

    @api.model
    def _overdue_activity_type(self):
        return self.env.ref("energy_contract.mail_activity_type_overdue")
