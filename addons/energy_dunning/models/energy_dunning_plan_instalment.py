# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

INSTALMENT_STATES = [
    ("pending", "Pending"),
    ("paid", "Paid"),
    ("overdue", "Overdue"),
]


class EnergyDunningPlanInstalment(models.Model):
    """One instalment of a payment plan: a due item linked to the invoices
    whose debt it settles. Built by the plan from its terms; what is paid of
    it comes from accounting (the plan's paid amount applied to its
    instalments in due-date order), so no one writes its figures."""

    _name = "energy.dunning.plan.instalment"
    _description = "Payment Plan Instalment"
    _inherit = ["energy.guard.mixin"]
    _order = "plan_id, sequence"

    plan_id = fields.Many2one(
        "energy.dunning.plan",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer(string="No.", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True, index=True)
    amount = fields.Monetary(readonly=True)
    amount_paid = fields.Monetary(
        string="Paid", compute="_compute_amount_paid", store=True
    )
    amount_residual = fields.Monetary(
        string="Still Due", compute="_compute_amount_paid", store=True
    )
    state = fields.Selection(
        INSTALMENT_STATES,
        compute="_compute_state",
        store=True,
        index=True,
        readonly=True,
    )
    date_paid = fields.Date(string="Paid On", readonly=True)
    invoice_ids = fields.Many2many(
        "account.move",
        string="Settles",
        readonly=True,
        help="The invoices whose debt this instalment settles.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends(
        "amount",
        "plan_id.amount_paid",
        "plan_id.instalment_ids.amount",
        "plan_id.instalment_ids.sequence",
    )
    def _compute_amount_paid(self):
        """The plan's paid amount fills its instalments in due-date order."""
        for plan in self.plan_id:
            left = plan.amount_paid
            for instalment in plan.instalment_ids.sorted("sequence"):
                paid = min(instalment.amount, max(left, 0.0))
                left -= paid
                if instalment in self:
                    instalment.amount_paid = paid
                    instalment.amount_residual = instalment.amount - paid
        for instalment in self.filtered(lambda i: not i.plan_id):
            instalment.amount_paid = 0.0
            instalment.amount_residual = instalment.amount

    @api.depends("amount_residual", "date_due")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for instalment in self:
            if instalment.currency_id.is_zero(instalment.amount_residual):
                instalment.state = "paid"
            elif instalment.date_due and instalment.date_due < today:
                instalment.state = "overdue"
            else:
                instalment.state = "pending"

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {
            "plan_id",
            "sequence",
            "date_due",
            "amount",
            "amount_paid",
            "amount_residual",
            "state",
            "date_paid",
            "invoice_ids",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _energy_log_paid(self):
        self.plan_id._energy_log_instalments(
            self,
            "instalment_paid",
            lambda instalment: self.env._(
                "Instalment %(number)s of %(count)s of payment plan %(plan)s "
                "paid: %(amount).2f (due %(date)s).",
                number=instalment.sequence,
                count=len(instalment.plan_id.instalment_ids),
                plan=instalment.plan_id.name,
                amount=instalment.amount,
                date=instalment.date_due,
            ),
        )

    def _energy_log_missed(self):
        self.plan_id._energy_log_instalments(
            self,
            "instalment_missed",
            lambda instalment: self.env._(
                "Instalment %(number)s of payment plan %(plan)s missed: due "
                "%(date)s, %(residual).2f of %(amount).2f unpaid.",
                number=instalment.sequence,
                plan=instalment.plan_id.name,
                date=instalment.date_due,
                residual=instalment.amount_residual,
                amount=instalment.amount,
            ),
        )
