# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class EnergySalesComparisonLine(models.Model):
    """One product of ours priced on the lead's year of consumption by the
    billing bill engine, against what the customer pays today."""

    _name = "energy.sales.comparison.line"
    _description = "Savings Comparison Line"
    _order = "lead_id, rank, id"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one("energy.product", required=True, ondelete="cascade")
    rank = fields.Integer(help="1 saves the most.")
    annual_cost = fields.Monetary(
        help="A year of bills with this product, taxes included."
    )
    current_cost = fields.Monetary(
        string="Current Annual Cost",
        help="The same year at the customer's current prices, taxes included.",
    )
    savings_amount = fields.Monetary(string="Annual Savings")
    savings_percent = fields.Float(string="Savings (%)", digits=(16, 2))
    error = fields.Char(help="Why this product could not be priced.")

    def action_make_offer(self):
        """Offer this product to the lead; opens the offer."""
        self.ensure_one()
        self.lead_id._check_sales_user()
        if self.error:
            raise UserError(self.error)
        offer = self.env["energy.sales.offer"].create(
            self.lead_id._prepare_offer_values(self)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.sales.offer",
            "res_id": offer.id,
            "view_mode": "form",
        }
