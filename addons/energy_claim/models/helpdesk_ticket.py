# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

from .claim_lifecycle import CLAIM_LIFECYCLE, CLAIM_STATES

ORIGINS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("portal", "Portal"),
    ("letter", "Letter"),
    ("office", "Office"),
]
ROOT_CAUSES = [
    ("billing", "Billing error"),
    ("metering", "Metering or reading"),
    ("distributor", "Distributor's field work or network"),
    ("sales", "Sales practice"),
    ("service", "Customer service"),
    ("process", "Internal process"),
    ("customer", "No fault found (customer's misunderstanding)"),
    ("other", "Other"),
]
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class HelpdeskTicket(models.Model):
    """A claim is a helpdesk ticket with the CNMC typology, the customer's
    supply points and contract, the regulated answer deadline and a declared
    lifecycle whose every move goes to a hash-chained history."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "energy.lifecycle.mixin", "energy.history.mixin"]
    _lifecycle = CLAIM_LIFECYCLE
    _history_event_model = "energy.claim.event"
    _history_evidence_folder = "claim"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    state = fields.Selection(
        CLAIM_STATES,
        string="Claim Status",
        required=True,
        default="received",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
    )
    claim_type_id = fields.Many2one(
        "energy.claim.type",
        compute="_compute_claim_type_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        help="CNMC claim type (table 81).",
    )
    claim_subtype_id = fields.Many2one(
        "energy.claim.subtype",
        index="btree_not_null",
        tracking=True,
        domain="[('type_id', '=?', claim_type_id)]",
        help="CNMC claim subtype (table 82): only the subtypes of the type.",
    )
    concerns_distributor = fields.Boolean(
        related="claim_subtype_id.concerns_distributor"
    )
    required_claim_fields = fields.Char(
        related="claim_subtype_id.required_claim_fields"
    )
    claimant_type_id = fields.Many2one(
        "energy.claim.claimant.type",
        default=lambda self: self.env["energy.claim.claimant.type"].search(
            [("code", "=", "01")], limit=1
        ),
        help="Who files the claim (CNMC table 83).",
    )
    origin = fields.Selection(
        ORIGINS, default="phone", index=True, help="How the claim reached us."
    )
    date_received = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        index=True,
        tracking=True,
    )
    tracking_code = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        help="Code given to the customer to follow the claim (Ley 10/2025).",
    )
    supply_point_ids = fields.Many2many(
        "energy.supply.point",
        "helpdesk_ticket_supply_point_rel",
        "ticket_id",
        "supply_point_id",
        string="Supply Points",
        domain="[('holder_id', 'child_of', commercial_partner_id)]",
    )
    cups_count = fields.Integer(
        string="CUPS Affected", compute="_compute_cups_count", store=True
    )
    contract_id = fields.Many2one(
        "energy.contract",
        index="btree_not_null",
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    sales_channel_id = fields.Many2one(
        "res.partner",
        compute="_compute_sales_channel_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        domain=[("is_energy_channel", "=", True)],
        help="The channel that sold the contract: its sales claims count against it.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    disputed_invoice_ref = fields.Char(string="Disputed Invoice")
    amount_claimed = fields.Monetary(string="Disputed Amount")
    date_incident = fields.Date(string="Incident Date")
    date_from = fields.Date(string="Affected From")
    date_to = fields.Date(string="Affected Until")
    reading_offered = fields.Integer(string="Reading Offered (kWh)")
    date_reading = fields.Date(string="Reading Date")
    atr_request_ref = fields.Char(
        string="ATR Request or Claim Code",
        help="Code of the ATR request or earlier claim this claim is about.",
    )
    incident_location = fields.Char()
    contact_name = fields.Char(string="Contact Person")
    contact_phone = fields.Char()
    # resolution
    result_id = fields.Many2one(
        "energy.claim.result",
        tracking=True,
        help="CNMC result (table 80).",
    )
    detail_id = fields.Many2one(
        "energy.claim.detail",
        string="Result Detail",
        domain="[('subtype_id', '=?', claim_subtype_id), "
        "('result_id', '=?', result_id)]",
        help="CNMC result detail (table 73).",
    )
    answer_text = fields.Html(
        string="Answer to the Customer",
        help="The written answer sent to the customer as a letter.",
    )
    resolved_because = fields.Text()
    root_cause = fields.Selection(ROOT_CAUSES, index=True)
    recurrence_text = fields.Text(string="Will Not Recur Because")
    compensation_amount = fields.Monetary(string="Compensation Granted")
    date_answered = fields.Datetime(string="Answered On", readonly=True, copy=False)
    answered_in_time = fields.Boolean(readonly=True, copy=False, index=True)
    reopen_count = fields.Integer(readonly=True, copy=False)
    r1_case_ids = fields.One2many(
        "energy.atr.case", "claim_ticket_id", string="R1 Cases"
    )
    r1_case_count = fields.Integer(compute="_compute_r1_case_count")
    event_ids = fields.One2many("energy.claim.event", "ticket_id", string="History")

    _sql_constraints = [
        (
            "tracking_code_uniq",
            "UNIQUE (tracking_code)",
            "The tracking code of a claim must be unique.",
        ),
        (
            "amounts_positive",
            "CHECK (coalesce(amount_claimed, 0) >= 0 "
            "AND coalesce(compensation_amount, 0) >= 0)",
            "Claimed and compensated amounts cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("claim_subtype_id")
    def _compute_claim_type_id(self):
        for claim in self:
            if claim.claim_subtype_id:
                claim.claim_type_id = claim.claim_subtype_id.type_id

    @api.depends("supply_point_ids")
    def _compute_cups_count(self):
        for claim in self:
            claim.cups_count = len(claim.supply_point_ids)

    @api.depends("contract_id")
    def _compute_sales_channel_id(self):
        for claim in self:
            if claim.contract_id.channel_id:
                claim.sales_channel_id = claim.contract_id.channel_id

    def _compute_r1_case_count(self):
        counts = dict(
            self.env["energy.atr.case"]._read_group(
                [("claim_ticket_id", "in", self.ids)],
                ["claim_ticket_id"],
                ["__count"],
            )
        )
        for claim in self:
            claim.r1_case_count = counts.get(claim, 0)

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("claim_type_id", "claim_subtype_id")
    def _check_claim_subtype(self):
        for claim in self:
            subtype = claim.claim_subtype_id
            if subtype and subtype.type_id != claim.claim_type_id:
                raise ValidationError(
                    self.env._(
                        "Subtype %(subtype)s does not belong to claim type "
                        "%(type)s (CNMC tables 81 and 82).",
                        subtype=subtype.display_name,
                        type=claim.claim_type_id.display_name,
                    )
                )

    @api.constrains("supply_point_ids", "contract_id", "partner_id")
    def _check_claim_customer_data(self):
        """Only the customer's own supply points (held by them or in one of
        their contracts) and contracts."""
        Contract = self.env["energy.contract"].sudo()
        for claim in self:
            customer = claim.commercial_partner_id
            foreign = claim.supply_point_ids.filtered(
                lambda point, customer=customer: point.holder_id.commercial_partner_id
                != customer
            )
            if foreign:
                foreign -= Contract.search(
                    [
                        ("partner_id", "child_of", customer.ids),
                        ("supply_point_id", "in", foreign.ids),
                    ]
                ).supply_point_id
            if foreign or (
                claim.contract_id
                and claim.contract_id.partner_id.commercial_partner_id != customer
            ):
                raise ValidationError(
                    self.env._(
                        "A claim may only name the supply points and contracts of "
                        "its customer %(customer)s.",
                        customer=customer.display_name or "-",
                    )
                )

    @api.constrains("detail_id", "result_id")
    def _check_detail_result(self):
        for claim in self:
            if (
                claim.detail_id.result_id
                and claim.detail_id.result_id != claim.result_id
            ):
                raise ValidationError(
                    self.env._(
                        "Result detail %(detail)s belongs to result %(result)s.",
                        detail=claim.detail_id.display_name,
                        result=claim.detail_id.result_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {
            "tracking_code",
            "reopen_count",
            "date_answered",
            "answered_in_time",
        }

    @api.model_create_multi
    def create(self, vals_list):
        claims = super().create(vals_list)
        codes = claims._new_tracking_codes()
        with claims._guard_released():
            for claim in claims:
                claim.tracking_code = codes[claim]
        claims._clock_open(claims, fields.Datetime.now())
        claims._history_log(
            [
                {
                    "event_type": "received",
                    "new_value": claim.tracking_code,
                    "reason": self.env._(
                        "Claim received by %(origin)s.",
                        origin=dict(
                            claim._fields["origin"]._description_selection(self.env)
                        ).get(claim.origin, "-"),
                    ),
                }
                for claim in claims
            ]
        )
        claims._send_acknowledgement()
        return claims

    def _new_tracking_codes(self):
        """{claim: code}: its number and a random part the customer gives to
        follow it without an account."""
        return {
            claim: "{}-{}".format(
                claim.number or claim.id,
                "".join(secrets.choice(TRACKING_ALPHABET) for __ in range(6)),
            )
            for claim in self
        }

    def _send_acknowledgement(self):
        template = self.env.ref(
            "energy_claim.mail_template_claim_acknowledgement", raise_if_not_found=False
        )
        if not template:
            return
        for claim in self.filtered(lambda c: c.partner_id.email):
            claim.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=claim.partner_id.ids,
            )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_claim_start(self):
        self._set_state("in_progress", reason=self.env._("Claim taken in hand."))
        return True

    def action_claim_wait_customer(self):
        self._set_state(
            "waiting_customer",
            reason=self.env._("Information requested from the customer."),
        )
        return True

    def action_claim_wait_other(self):
        self._set_state(
            "waiting_other", reason=self.env._("Waiting for another party.")
        )
        return True

    def action_claim_resume(self):
        self._set_state("in_progress", reason=self.env._("Back with us."))
        return True

    def action_claim_resolve(self):
        """Close the claim: the result, the written answer and the reasons
        are required (`_get_phase_exit_errors`); the answer letter is sent."""
        self._set_state("resolved", reason=self.env._("Claim resolved and answered."))
        return True

    def action_claim_reopen(self):
        self._set_state("in_progress", reason=self.env._("Claim reopened."))
        return True

    def action_view_r1_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_atr.energy_atr_case_action"
        )
        action["domain"] = [("claim_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Lifecycle hooks
    # ------------------------------------------------------------------

    def _get_phase_exit_errors(self, new_state):
        errors = super()._get_phase_exit_errors(new_state)
        if new_state != "resolved":
            return errors
        required = [
            ("claim_subtype_id", self.env._("the CNMC subtype")),
            ("result_id", self.env._("a result code")),
            ("answer_text", self.env._("the written answer to the customer")),
            ("resolved_because", self.env._("why it is resolved")),
            ("root_cause", self.env._("the root cause")),
            ("recurrence_text", self.env._("why it will not recur")),
        ]
        missing = [
            label
            for fname, label in required
            if not self[fname]
            or (fname == "answer_text" and not self._html_has_text(self[fname]))
        ]
        if missing:
            errors.append(
                self.env._(
                    "a claim is closed only with %(what)s", what=", ".join(missing)
                )
            )
        if self.r1_case_ids.filtered(
            lambda case: case.state not in case._lifecycle.closed
        ):
            errors.append(self.env._("its R1 with the distributor is still open"))
        return errors

    @staticmethod
    def _html_has_text(html):
        return bool(html2plaintext(html or "").strip())

    def _prepare_state_values(self, new_state, now):
        values = super()._prepare_state_values(new_state, now)
        if new_state == "resolved":
            values["date_answered"] = now
        return values

    def _write_state_values(self, new_state, values, now):
        if new_state == "resolved":
            for claim in self:
                claim._write_guarded(
                    dict(
                        values,
                        answered_in_time=bool(
                            claim.date_deadline and now.date() <= claim.date_deadline
                        ),
                    )
                )
            return
        reopened = self.filtered(lambda c: c.state == "resolved")
        super()._write_state_values(new_state, values, now)
        for claim in reopened:
            claim._write_guarded({"reopen_count": claim.reopen_count + 1})

    def _on_enter_state(self, now):
        result = super()._on_enter_state(now)
        self._clock_switch(now)
        if self[:1].state == "resolved":
            self._history_log(
                [
                    {
                        "event_type": "resolution",
                        "field_name": "result_id",
                        "new_value": claim.result_id.code,
                        "reason": self.env._(
                            "Resolved because: %(why)s\nWill not recur because: "
                            "%(recur)s\nCompensation: %(amount)s",
                            why=claim.resolved_because,
                            recur=claim.recurrence_text,
                            amount=claim.compensation_amount,
                        ),
                    }
                    for claim in self
                ]
            )
            self._send_answer_letter()
            self._send_satisfaction_survey()
        return result

    def _lifecycle_log(self, old_states, new_state, reason):
        self._history_log(
            [
                {
                    "event_type": "state_change",
                    "field_name": "state",
                    "old_value": old_states[claim.id],
                    "new_value": new_state,
                    "reason": reason,
                }
                for claim in self
            ]
        )

    def _send_answer_letter(self):
        template = self.env.ref("energy_claim.mail_template_claim_answer")
        for claim in self:
            claim.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=claim.partner_id.ids,
            )

    def _history_verify_group(self):
        return "energy_base.group_energy_customer_service"

    @api.model
    def _find_by_tracking_code(self, code, vat):
        """The claim with this tracking code whose customer has this NIF, or
        an empty recordset (never says which of the two did not match)."""
        normalized = "".join(ch for ch in (vat or "").upper() if ch.isalnum())
        claim = self.search([("tracking_code", "=", (code or "").strip())], limit=1)
        customer_vat = "".join(
            ch for ch in (claim.commercial_partner_id.vat or "").upper() if ch.isalnum()
        )
        if not normalized or not customer_vat:
            return self.browse()
        if customer_vat.removeprefix("ES") != normalized.removeprefix("ES"):
            return self.browse()
        return claim
