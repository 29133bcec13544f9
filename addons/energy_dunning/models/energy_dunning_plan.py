# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.energy_base.tools.demo import demo_env

PLAN_STATES = [
    ("draft", "Proposed"),
    ("active", "Being honoured"),
    ("broken", "Broken"),
    ("done", "Paid"),
    ("cancelled", "Cancelled"),
]
ACCEPTANCE_METHODS = [
    ("phone", "By phone"),
    ("email", "By e-mail"),
    ("office", "In person"),
    ("letter", "By letter"),
    ("portal", "On the customer portal"),
]
# Plan fields only the plan's actions write (state, figures, evidence).
GUARDED_FIELDS = {
    "state",
    "amount",
    "amount_paid",
    "accepted_by_id",
    "date_accepted",
    "acceptance_method",
    "origin",
    "date_broken",
    "date_done",
}
# Terms of a proposal: changed only while it is proposed, and they rebuild
# its instalments.
TERM_FIELDS = {"contract_id", "invoice_ids", "instalment_count", "date_start"}
UNPAID = ("not_paid", "partial")


class EnergyDunningPlan(models.Model):
    """A payment plan agreed with the customer for the overdue debt of a
    contract: proposed by collections or requested by the customer on the
    portal, accepted, honoured while its instalments are paid on time (the
    ladder pauses and no cut may be requested), broken by a missed
    instalment (the ladder resumes), done when all are paid.

    The debt, the instalments and what is paid of each are computed from
    accounting, never typed: the debt is the residual of the chosen overdue
    invoices when the plan is proposed; what the customer has paid since is
    the decrease of those invoices' residual, applied to the instalments in
    due-date order. Every step goes to the contract's hash-chained history."""

    _name = "energy.dunning.plan"
    _description = "Payment Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "energy.guard.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(required=True, default="/", copy=False, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    contract_id = fields.Many2one(
        "energy.contract",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    partner_id = fields.Many2one(
        related="contract_id.partner_id", store=True, index=True
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        domain="[('energy_contract_id', '=', contract_id), "
        "('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
        help="The contract's overdue invoices whose debt the plan settles.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Debt in the Plan",
        readonly=True,
        tracking=True,
        help="Residual of the plan's invoices when the plan was proposed.",
    )
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_amount_paid",
        store=True,
        help="Decrease of the plan invoices' residual since the plan was proposed.",
    )
    amount_due = fields.Monetary(string="Still Due", compute="_compute_amount_due")
    instalment_count = fields.Integer(string="Instalments", default=3, tracking=True)
    date_start = fields.Date(
        string="First Instalment",
        default=lambda self: fields.Date.context_today(self) + relativedelta(months=1),
        tracking=True,
    )
    instalment_ids = fields.One2many(
        "energy.dunning.plan.instalment", "plan_id", string="Instalment Schedule"
    )
    state = fields.Selection(
        PLAN_STATES,
        default="draft",
        required=True,
        index=True,
        tracking=True,
        readonly=True,
        copy=False,
    )
    origin = fields.Selection(
        [
            ("collections", "Proposed by collections"),
            ("portal", "Requested on the portal"),
        ],
        default="collections",
        required=True,
        readonly=True,
        copy=False,
    )
    user_id = fields.Many2one(
        "res.users", string="Collector", default=lambda self: self.env.user
    )
    acceptance_method = fields.Selection(
        ACCEPTANCE_METHODS,
        string="Accepted",
        readonly=True,
        copy=False,
        help="How the customer accepted the plan.",
    )
    accepted_by_id = fields.Many2one(
        "res.users", string="Acceptance Recorded By", readonly=True, copy=False
    )
    date_accepted = fields.Datetime(string="Accepted On", readonly=True, copy=False)
    date_broken = fields.Date(string="Broken On", readonly=True, copy=False)
    date_done = fields.Date(string="Paid On", readonly=True, copy=False)

    _sql_constraints = [
        (
            "instalment_count_positive",
            "CHECK(instalment_count > 0)",
            "A payment plan has at least one instalment.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("amount", "invoice_ids.amount_residual")
    def _compute_amount_paid(self):
        for plan in self:
            residual = sum(plan.invoice_ids.mapped("amount_residual"))
            paid = plan.currency_id.round(max(0.0, plan.amount - residual))
            plan.amount_paid = min(paid, plan.amount)

    @api.depends("amount", "amount_paid")
    def _compute_amount_due(self):
        for plan in self:
            plan.amount_due = plan.amount - plan.amount_paid

    def _compute_access_url(self):
        for plan in self:
            plan.access_url = f"/my/payment-plans/{plan.id}"

    # ------------------------------------------------------------------
    # Onchange methods
    # ------------------------------------------------------------------

    @api.onchange("contract_id")
    def _onchange_contract_id(self):
        if self.contract_id and self.state == "draft":
            self.invoice_ids = self.contract_id._dunning_plan_invoices()

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | GUARDED_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("energy.dunning.plan") or "/"
        plans = super().create(vals_list)
        plans._energy_build_schedule()
        plans._energy_log("proposed", plans._energy_proposal_reason)
        return plans

    def write(self, vals):
        terms = TERM_FIELDS.intersection(vals)
        if terms and self.filtered(lambda plan: plan.state != "draft"):
            raise UserError(
                self.env._(
                    "The terms of a payment plan can only change while it is proposed."
                )
            )
        result = super().write(vals)
        if terms:
            self._energy_build_schedule()
            self._energy_log("revised", self._energy_proposal_reason)
        return result

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_accept(self):
        """Collections record the customer's acceptance: opens the form to
        say how the customer accepted."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Acceptance"),
            "res_model": "energy.dunning.plan.accept",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_cancel(self):
        error = self._energy_cancel_error()
        if error:
            raise UserError(error)
        self._write_guarded({"state": "cancelled"})
        self._energy_log(
            "cancelled",
            lambda plan: self.env._(
                "Payment plan %(plan)s cancelled (paid %(paid).2f of %(amount).2f).",
                plan=plan.name,
                paid=plan.amount_paid,
                amount=plan.amount,
            ),
        )

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _energy_accept(self, method, user=None):
        """Accept these proposed plans: the customer agreed (`method`, one of
        ACCEPTANCE_METHODS), recorded by `user` (the collector, or the portal
        customer). Refused as a whole, with the reason, on anything wrong."""
        user = user or self.env.user
        error = self._energy_accept_error(method)
        if (
            not error
            and user._is_portal()
            and self.filtered(lambda plan: plan.origin != "collections")
        ):
            error = self.env._(
                "Your request is being reviewed by our collections team: "
                "we will let you know."
            )
        if error:
            raise UserError(error)
        self._write_guarded(
            {
                "state": "active",
                "acceptance_method": method,
                "accepted_by_id": user.id,
                "date_accepted": fields.Datetime.now(),
            }
        )
        methods = dict(
            self._fields["acceptance_method"]._description_selection(self.env)
        )
        self._energy_log(
            "accepted",
            lambda plan: self.env._(
                "Payment plan %(plan)s accepted (%(method)s), recorded by "
                "%(user)s: %(amount).2f in %(count)s instalments.",
                plan=plan.name,
                method=methods[method],
                user=user.name,
                amount=plan.amount,
                count=len(plan.instalment_ids),
            ),
        )
        # paid since the proposal already counts
        self._energy_sync_payments()

    def _energy_accept_error(self, method):
        """The translated reason these plans cannot be accepted, or False."""
        today = fields.Date.context_today(self)
        if method not in dict(ACCEPTANCE_METHODS):
            return self.env._("Say how the customer accepted the payment plan.")
        for plan in self:
            if plan.state != "draft":
                return self.env._(
                    "The payment plan %(plan)s is not awaiting acceptance.",
                    plan=plan.name,
                )
            if not plan.instalment_ids:
                return self.env._(
                    "The payment plan %(plan)s has no instalments.", plan=plan.name
                )
            if plan.instalment_ids[0].date_due < today:
                return self.env._(
                    "The first instalment of %(plan)s was due on %(date)s: "
                    "collections must revise the dates before it is accepted.",
                    plan=plan.name,
                    date=plan.instalment_ids[0].date_due,
                )
            error = plan._energy_invoice_error(plan.invoice_ids)
            if error:
                return error
        return False

    def _energy_cancel_error(self):
        if self.filtered(lambda plan: plan.state not in ("draft", "active")):
            return self.env._(
                "Only a proposed payment plan or one being honoured can be cancelled."
            )
        return False

    def _energy_invoice_error(self, invoices):
        """Why `invoices` cannot be settled by this plan, or False: they must
        be posted, unpaid, overdue invoices of the plan's contract, in no
        other open plan."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if not invoices:
            return self.env._("Choose the overdue invoices the plan settles.")
        invoices = invoices.sudo()
        wrong = invoices.filtered(
            lambda move: move.energy_contract_id != self.contract_id
            or move.move_type != "out_invoice"
            or move.state != "posted"
            or move.payment_state not in UNPAID
            or not move.invoice_date_due
            or move.invoice_date_due >= today
        )
        if wrong:
            return self.env._(
                "Only unpaid, overdue invoices of the contract can go into a "
                "payment plan: %(invoices)s.",
                invoices=", ".join(wrong.mapped("name")),
            )
        others = self.sudo().search(
            [
                ("id", "not in", self.ids),
                ("state", "in", ("draft", "active")),
                ("invoice_ids", "in", invoices.ids),
            ]
        )
        if others:
            return self.env._(
                "These invoices are already in the payment plan %(plan)s.",
                plan=others[0].name,
            )
        return False

    def _energy_build_schedule(self):
        """Debt and instalments of these proposed plans, from the residual of
        their invoices: equal monthly instalments from the first due date,
        rounded to the cent, the last one taking the rounding difference, each
        linked to the invoices whose debt it settles (in due-date order).
        Refused, with the reason, when the terms are not allowed."""
        Instalment = self.env["energy.dunning.plan.instalment"].sudo()
        vals_list = []
        for plan in self:
            error = plan._energy_terms_error()
            if error:
                raise UserError(error)
            invoices = plan.invoice_ids.sudo().sorted(
                lambda move: (move.invoice_date_due, move.id)
            )
            currency = plan.currency_id
            debt = currency.round(sum(invoices.mapped("amount_residual")))
            count = plan.instalment_count
            share = currency.round(debt / count)
            amounts = [share] * (count - 1) + [
                currency.round(debt - share * (count - 1))
            ]
            # each invoice covers a slice of the debt, in due-date order
            slices, start = [], 0.0
            for move in invoices:
                slices.append((start, start + move.amount_residual, move))
                start += move.amount_residual
            low = 0.0
            for index, amount in enumerate(amounts):
                high = low + amount
                settles = [
                    move.id
                    for (s_low, s_high, move) in slices
                    if float_compare(s_low, high, precision_digits=2) < 0
                    and float_compare(s_high, low, precision_digits=2) > 0
                ]
                vals_list.append(
                    {
                        "plan_id": plan.id,
                        "sequence": index + 1,
                        "date_due": plan.date_start + relativedelta(months=index),
                        "amount": amount,
                        "invoice_ids": [Command.set(settles)],
                    }
                )
                low = high
            plan._write_guarded({"amount": debt})
        Instalment.search([("plan_id", "in", self.ids)]).unlink()
        return Instalment._create_guarded(vals_list)

    def _energy_terms_error(self):
        """Why this plan's terms are not allowed, or False."""
        self.ensure_one()
        maximum = self.company_id.energy_plan_max_instalments
        if not 1 <= self.instalment_count <= maximum:
            return self.env._(
                "A payment plan has between 1 and %(maximum)s instalments.",
                maximum=maximum,
            )
        if not self.date_start:
            return self.env._("Give the due date of the first instalment.")
        error = self._energy_invoice_error(self.invoice_ids)
        if error:
            return error
        if float_is_zero(
            sum(self.invoice_ids.sudo().mapped("amount_residual")),
            precision_rounding=self.currency_id.rounding,
        ):
            return self.env._("The chosen invoices have nothing left to pay.")
        return False

    def _energy_sync_payments(self):
        """Follow the payments of these plans' invoices: newly paid
        instalments get their date and an event in the history, instalments
        whose payment was undone lose it, a plan being honoured whose
        instalments are all paid is done. Trusted server code, batched."""
        plans = self.filtered(lambda plan: plan.state in ("active", "broken"))
        if not plans:
            return
        today = fields.Date.context_today(self)
        instalments = plans.instalment_ids
        newly_paid = instalments.filtered(
            lambda instalment: instalment.state == "paid" and not instalment.date_paid
        )
        undone = instalments.filtered(
            lambda instalment: instalment.state != "paid" and instalment.date_paid
        )
        if newly_paid:
            newly_paid._write_guarded({"date_paid": today})
            newly_paid._energy_log_paid()
        if undone:
            undone._write_guarded({"date_paid": False})
        done = plans.filtered(
            lambda plan: plan.state == "active"
            and all(instalment.state == "paid" for instalment in plan.instalment_ids)
        )
        if done:
            done._write_guarded({"state": "done", "date_done": today})
            done._energy_log(
                "done",
                lambda plan: self.env._(
                    "Payment plan %(plan)s paid in full: %(amount).2f in "
                    "%(count)s instalments.",
                    plan=plan.name,
                    amount=plan.amount,
                    count=len(plan.instalment_ids),
                ),
            )

    @api.model
    def _energy_sync_invoices(self, invoices):
        """Follow the payments of `invoices` in the plans that settle them
        (one query)."""
        if not invoices:
            return
        plans = self.sudo().search(
            [("invoice_ids", "in", invoices.ids), ("state", "in", ("active", "broken"))]
        )
        plans._energy_sync_payments()

    @api.model
    def _cron_check_instalments(self):
        """Daily: instalments past their due date are overdue; a plan with an
        instalment unpaid `grace days` after its due date is broken and the
        ladder resumes for its invoices. One search per step, whatever the
        number of plans."""
        today = fields.Date.context_today(self)
        Instalment = self.env["energy.dunning.plan.instalment"].sudo()
        Instalment.search(
            [
                ("plan_id.state", "=", "active"),
                ("state", "=", "pending"),
                ("date_due", "<", today),
            ]
        )._write_guarded({"state": "overdue"})
        self.sudo().search([("state", "=", "active")])._energy_sync_payments()
        overdue = Instalment.search(
            [("plan_id.state", "=", "active"), ("state", "=", "overdue")]
        )
        missed = overdue.filtered(
            lambda instalment: instalment.date_due
            + relativedelta(days=instalment.plan_id.company_id.energy_plan_grace_days)
            < today
        )
        missed.plan_id._energy_break(missed)

    def _energy_break(self, missed):
        """Break these plans for their `missed` instalments: the ladder and
        the cut guards no longer see them as honoured."""
        today = fields.Date.context_today(self)
        self._write_guarded({"state": "broken", "date_broken": today})
        missed._energy_log_missed()
        self._energy_log(
            "broken",
            lambda plan: self.env._(
                "Payment plan %(plan)s broken: paid %(paid).2f of %(amount).2f; "
                "the dunning procedure resumes.",
                plan=plan.name,
                paid=plan.amount_paid,
                amount=plan.amount,
            ),
        )
        self._energy_notify_customer(
            lambda plan: plan.env._(
                "An instalment of your payment plan %(plan)s was not paid on "
                "time: the plan is broken and the pending debt (%(due).2f) is "
                "due.",
                plan=plan.name,
                due=plan.amount_due,
            )
        )

    def _energy_request_from_portal(self, contract, invoices, count, user):
        """A plan requested by the customer `user` on the portal, proposed for
        collections to review. The caller checked the contract and invoices
        belong to the customer; the terms are checked here."""
        plan = (
            self.sudo()
            .with_context(mail_create_nolog=True)
            ._create_guarded(
                [
                    {
                        "contract_id": contract.id,
                        "company_id": contract.company_id.id,
                        "invoice_ids": [Command.set(invoices.ids)],
                        "instalment_count": count,
                        "origin": "portal",
                        "user_id": False,
                    }
                ]
            )
        )
        plan.message_subscribe(partner_ids=user.partner_id.ids)
        plan._energy_notify_customer(
            lambda plan: plan.env._(
                "We have received your request for payment plan %(plan)s: "
                "%(amount).2f in %(count)s monthly instalments from %(date)s. "
                "Our collections team will review it and let you know.",
                plan=plan.name,
                amount=plan.amount,
                count=plan.instalment_count,
                date=plan.date_start,
            )
        )
        return plan

    def _energy_notify_customer(self, message):
        """Post `message(plan)` to each plan's customer (an e-mail to them),
        written in their language."""
        for plan in self:
            partner = plan.partner_id
            plan = plan.with_context(lang=partner.lang or self.env.lang)
            plan.message_post(
                body=message(plan),
                partner_ids=partner.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _energy_proposal_reason(self, plan):
        return self.env._(
            "Payment plan %(plan)s (%(origin)s): %(amount).2f of "
            "invoices %(invoices)s in %(count)s monthly instalments from "
            "%(date)s.",
            plan=plan.name,
            origin=dict(self._fields["origin"]._description_selection(self.env))[
                plan.origin
            ],
            amount=plan.amount,
            invoices=", ".join(plan.invoice_ids.sudo().mapped("name")),
            count=plan.instalment_count,
            date=plan.date_start,
        )

    def _energy_log(self, step, reason):
        """One event per plan in its contract's hash-chained history: `reason`
        is a function of the plan."""
        self.env["energy.contract.event"].sudo()._log(
            [
                {
                    "contract_id": plan.contract_id.id,
                    "event_type": "dunning",
                    "field_name": f"plan_{step}",
                    "new_value": plan.name,
                    "reason": reason(plan),
                }
                for plan in self
            ]
        )

    def _energy_log_instalments(self, instalments, step, reason):
        """One event per instalment in its contract's history."""
        self.env["energy.contract.event"].sudo()._log(
            [
                {
                    "contract_id": instalment.plan_id.contract_id.id,
                    "event_type": "dunning",
                    "field_name": f"plan_{step}",
                    "new_value": f"{instalment.plan_id.name}/{instalment.sequence}",
                    "reason": reason(instalment),
                }
                for instalment in instalments
            ]
        )

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------

    @api.model
    def _demo_generate(self):
        """The demo customer's payment plans (demo/energy_dunning_plan_demo.xml)."""
        from ..demo import plan_demo

        plan_demo.generate(demo_env(self.env))
