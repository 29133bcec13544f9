# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

PLAN_STATES = [
    ("draft", "Proposed"),
    ("active", "Being honoured"),
    ("broken", "Instalment missed"),
    ("done", "Paid"),
    ("cancelled", "Cancelled"),
]


class EnergyDunningPlan(models.Model):
    """A payment plan agreed with the customer for the debt of a contract:
    while it is honoured the ladder pauses and no cut may be requested."""

    _name = "energy.dunning.plan"
    _description = "Payment Plan"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default="/", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    contract_id = fields.Many2one(
        "energy.contract",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(
        related="contract_id.partner_id", store=True, index=True
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        domain="[('energy_contract_id', '=', contract_id), "
        "('move_type', '=', 'out_invoice')]",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(string="Debt in the Plan")
    instalment_count = fields.Integer(string="Instalments", default=3)
    date_start = fields.Date(string="First Instalment")
    state = fields.Selection(
        PLAN_STATES, default="draft", required=True, index=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users", string="Collector", default=lambda self: self.env.user
    )

    _sql_constraints = [
        (
            "instalment_count_positive",
            "CHECK(instalment_count > 0)",
            "A payment plan has at least one instalment.",
        ),
    ]

    def action_activate(self):
        self.write({"state": "active"})
        self._energy_log_state()

    def action_break(self):
        self.write({"state": "broken"})
        self._energy_log_state()

    def action_done(self):
        self.write({"state": "done"})
        self._energy_log_state()

    def action_cancel(self):
        self.write({"state": "cancelled"})
        self._energy_log_state()

    def _energy_log_state(self):
        states = dict(PLAN_STATES)
        self.env["energy.contract.event"].sudo()._log(
            [
                {
                    "contract_id": plan.contract_id.id,
                    "event_type": "dunning",
                    "field_name": "plan",
                    "new_value": plan.state,
                    "reason": self.env._(
                        "Payment plan %(plan)s: %(state)s.",
                        plan=plan.display_name,
                        state=states[plan.state],
                    ),
                }
                for plan in self
            ]
        )
