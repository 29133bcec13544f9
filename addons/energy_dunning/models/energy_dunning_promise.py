# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

PROMISE_STATES = [
    ("pending", "Pending"),
    ("kept", "Kept"),
    ("broken", "Broken"),
    ("cancelled", "Cancelled"),
]


class EnergyDunningPromise(models.Model):
    """A customer's promise to pay an amount of a contract's debt by a date,
    recorded by the collector. While it is pending the ladder of the contract
    pauses and no cut is requested until its date; the daily cron decides
    from the payments actually received whether it was kept or broken (a
    broken promise lets the ladder resume). Every step goes to the
    contract's history."""

    _name = "energy.dunning.promise"
    _description = "Promise to Pay"
    _inherit = ["mail.thread"]
    _order = "date_promised desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    contract_id = fields.Many2one(
        "energy.contract",
        string="Supply Contract",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
        domain="[('parent_contract_id', '=', False)]",
    )
    partner_id = fields.Many2one(
        related="contract_id.partner_id", store=True, index=True, string="Customer"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_recorded = fields.Date(
        string="Recorded On",
        default=fields.Date.context_today,
        required=True,
        readonly=True,
    )
    date_promised = fields.Date(
        string="Promised Date", required=True, index=True, tracking=True
    )
    amount = fields.Monetary(string="Promised Amount", required=True, tracking=True)
    note = fields.Text(help="What the customer said, how and to whom.")
    state = fields.Selection(
        PROMISE_STATES,
        default="pending",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    amount_received = fields.Monetary(
        string="Received by the Date",
        readonly=True,
        help="Payments of the contract's invoices received between the day the "
        "promise was recorded and the promised date, as of the last check.",
    )

    _sql_constraints = [
        (
            "amount_positive",
            "CHECK(amount > 0)",
            "The promised amount must be positive.",
        ),
        (
            "date_after_recorded",
            "CHECK(date_promised >= date_recorded)",
            "The promised date cannot be before the day the promise is recorded.",
        ),
    ]

    def _compute_display_name(self):
        for promise in self:
            promise.display_name = self.env._(
                "%(contract)s: %(amount)s by %(date)s",
                contract=promise.contract_id.name or "",
                amount=promise.amount,
                date=promise.date_promised,
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            # the state is the cron's verdict, never the client's
            vals.pop("state", None)
            vals.pop("amount_received", None)
            vals.pop("date_recorded", None)
            promised = fields.Date.to_date(vals.get("date_promised"))
            if promised and promised < today:
                raise UserError(self.env._("The promised date cannot be in the past."))
            if (vals.get("amount") or 0.0) <= 0:
                raise UserError(self.env._("The promised amount must be positive."))
        promises = super().create(vals_list)
        if promises.contract_id.filtered("parent_contract_id"):
            raise UserError(
                self.env._("A promise to pay is about a contract, not a request.")
            )
        promises._energy_log(
            "promise",
            lambda p: self.env._(
                "Promise to pay %(amount).2f by %(date)s recorded by %(user)s: "
                "the ladder pauses until that date.%(note)s",
                amount=p.amount,
                date=p.date_promised,
                user=p.user_id.name or self.env.user.name,
                note=(" " + p.note) if p.note else "",
            ),
        )
        return promises

    def write(self, vals):
        # the verdict and what was received are the cron's; the terms of a
        # settled promise no longer change
        if {"state", "amount_received", "date_recorded"} & set(vals):
            raise UserError(
                self.env._(
                    "The state of a promise to pay is decided from the payments "
                    "received; it cannot be written."
                )
            )
        if {"amount", "date_promised", "contract_id"} & set(vals) and self.filtered(
            lambda p: p.state != "pending"
        ):
            raise UserError(self.env._("Only a pending promise can be changed."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_cancel(self):
        if self.filtered(lambda p: p.state != "pending"):
            raise UserError(self.env._("Only a pending promise can be cancelled."))
        self._energy_set_state("cancelled", 0.0)
        self._energy_log(
            "promise_cancelled",
            lambda p: self.env._(
                "Promise to pay %(amount).2f by %(date)s cancelled by %(user)s.",
                amount=p.amount,
                date=p.date_promised,
                user=self.env.user.name,
            ),
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _energy_set_state(self, state, received):
        """Trusted write of the verdict (the ORM write refuses it)."""
        return super().write({"state": state, "amount_received": received})

    def _energy_received(self):
        """{promise id: amount} of the payments reconciled with the contract's
        customer invoices between the day each promise was recorded and its
        promised date (two queries for the whole batch)."""
        if not self:
            return {}
        partials = (
            self.env["account.partial.reconcile"]
            .sudo()
            .search_fetch(
                [
                    (
                        "debit_move_id.move_id.energy_contract_id",
                        "in",
                        self.contract_id.ids,
                    ),
                    ("debit_move_id.move_id.move_type", "=", "out_invoice"),
                    ("max_date", ">=", min(self.mapped("date_recorded"))),
                    ("max_date", "<=", max(self.mapped("date_promised"))),
                ],
                ["debit_move_id", "amount", "max_date"],
            )
        )
        partials.debit_move_id.fetch(["move_id"])
        partials.debit_move_id.move_id.fetch(["energy_contract_id"])
        received = {promise.id: 0.0 for promise in self}
        by_contract = {}
        for promise in self:
            by_contract.setdefault(promise.contract_id.id, []).append(promise)
        for partial in partials:
            contract = partial.debit_move_id.move_id.energy_contract_id.id
            for promise in by_contract.get(contract, ()):
                if promise.date_recorded <= partial.max_date <= promise.date_promised:
                    received[promise.id] += partial.amount
        return received

    @api.model
    def _cron_check_promises(self, today=None):
        """Daily: a pending promise whose amount has arrived is kept; one
        whose date has passed without it is broken and the ladder resumes.
        In batch: a few queries whatever the number of promises."""
        today = today or fields.Date.context_today(self)
        pending = self.sudo().search([("state", "=", "pending")])
        received = pending._energy_received()
        kept = broken = self.browse()
        for promise in pending:
            got = received[promise.id]
            rounding = promise.currency_id.rounding or 0.01
            if float_compare(got, promise.amount, precision_rounding=rounding) >= 0:
                kept |= promise
            elif promise.date_promised < today:
                broken |= promise
        for promises, state in ((kept, "kept"), (broken, "broken")):
            for got in {received[p.id] for p in promises}:
                promises.filtered(
                    lambda p, got=got: received[p.id] == got
                )._energy_set_state(state, got)
        kept._energy_log(
            "promise_kept",
            lambda p: self.env._(
                "Promise to pay kept: %(received).2f of %(amount).2f received by "
                "%(date)s.",
                received=received[p.id],
                amount=p.amount,
                date=p.date_promised,
            ),
        )
        broken._energy_log(
            "promise_broken",
            lambda p: self.env._(
                "Promise to pay broken: %(received).2f of %(amount).2f received by "
                "%(date)s; the ladder resumes.",
                received=received[p.id],
                amount=p.amount,
                date=p.date_promised,
            ),
        )
        return kept, broken

    def _energy_log(self, step, reason):
        if self:
            self.env["energy.contract.event"].sudo()._log(
                [
                    {
                        "contract_id": promise.contract_id.id,
                        "event_type": "dunning",
                        "field_name": step,
                        "new_value": str(promise.amount),
                        "reason": reason(promise),
                    }
                    for promise in self
                ]
            )

    @api.model
    def _energy_pausing_contracts(self, contracts, date):
        """Contracts among `contracts` with a pending promise due on or after
        `date` (one query)."""
        groups = self.sudo()._read_group(
            [
                ("contract_id", "in", contracts.ids),
                ("state", "=", "pending"),
                ("date_promised", ">=", date),
            ],
            ["contract_id"],
        )
        return contracts.browse([contract.id for (contract,) in groups])
