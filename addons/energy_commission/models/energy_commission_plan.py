# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EnergyCommissionPlan(models.Model):
    """How a channel is paid: dated versions of combinable rules, and the
    terms that hold for every version (clawback, holdback, minimum payout)."""

    _name = "energy.commission.plan"
    _description = "Commission Plan"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    version_ids = fields.One2many(
        "energy.commission.plan.version", "plan_id", string="Versions", copy=True
    )
    clawback_months = fields.Integer(
        default=6,
        tracking=True,
        help="A commission is clawed back when its contract ends (withdrawal, "
        "termination, switch to another retailer) within this many months of "
        "its activation.",
    )
    clawback_mode = fields.Selection(
        [("full", "Full"), ("prorata", "Pro rata by days")],
        default="prorata",
        required=True,
        tracking=True,
        help="Pro rata returns the share of the clawback period the contract "
        "did not last. A withdrawal (E1) is always clawed back in full.",
    )
    holdback_percent = fields.Float(
        string="Holdback (%)",
        tracking=True,
        help="Share of each settlement's new commissions kept against future "
        "clawbacks and released after the holdback period.",
    )
    holdback_months = fields.Integer(
        default=6,
        tracking=True,
        help="Months after a settlement's period when its holdback is released.",
    )
    minimum_payout = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="A month whose net amount is below this is not settled: its lines "
        "wait for the next month.",
    )
    channel_ids = fields.One2many(
        "res.partner", "energy_commission_plan_id", string="Channels"
    )

    @api.constrains(
        "clawback_months", "holdback_percent", "holdback_months", "minimum_payout"
    )
    def _check_terms(self):
        for plan in self:
            if (
                plan.clawback_months < 0
                or plan.holdback_months < 0
                or plan.minimum_payout < 0
                or not 0 <= plan.holdback_percent <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s: months and the minimum payout cannot be "
                        "negative, and the holdback is a percentage from 0 to 100.",
                        plan=plan.name,
                    )
                )

    def _version_at(self, date):
        """The version in force on `date`, or an empty recordset."""
        self.ensure_one()
        return self.version_ids.filtered(
            lambda v: v.date_from <= date and (not v.date_to or date <= v.date_to)
        )[:1]
