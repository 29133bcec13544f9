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
    power_period_count = fields.Integer(related="access_tariff_id.power_period_count")
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

    def action_open_reason_wizard(self):
        wizard = self.env["energy.contract.reason.wizard"]
        action = self.env.context.get("reason_action", "cancel")
        titles = dict(wizard._fields["action"]._description_selection(self.env))
        return {
            "type": "ir.actions.act_window",
            "name": titles.get(action, self.env._("Reason")),
            "res_model": "energy.contract.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": self._name,
                "active_ids": self.ids,
                "default_action": action,
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

    def _lock_for_update(self):
        """Lock the rows of the batch, or refuse at once if another transaction
        holds one of them."""
        self._lock_rows_nowait(
            self.env._(
                "Someone else is changing one of these requests right now; "
                "try again in a moment."
            )
        )

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
