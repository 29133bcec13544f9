# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class EnergySalesComparisonLine(models.Model):
    _inherit = "energy.sales.comparison.line"

    optimal_annual_cost = fields.Monetary(
        string="Annual Cost at Optimal Power",
        help="A year of bills with this product and the optimal contracted "
        "power, taxes included.",
    )
    optimal_savings_amount = fields.Monetary(string="Savings at Optimal Power")
    optimal_savings_percent = fields.Float(
        string="Savings at Optimal Power (%)", digits=(16, 2)
    )

    def action_make_offer_optimal(self):
        """Offer this product at the optimal contracted power, with the
        savings it brings at that power; opens the offer."""
        self.ensure_one()
        lead = self.lead_id
        lead._check_sales_user()
        if self.error:
            raise UserError(self.error)
        powers = lead._optimal_powers()
        if not powers or not self.optimal_annual_cost:
            raise UserError(
                self.env._("No optimal power was proposed for this supply.")
            )
        values = lead._prepare_offer_values(self)
        values.update(
            {f"power_p{period}_kw": power for period, power in enumerate(powers, 1)},
            annual_cost=self.optimal_annual_cost,
            savings_amount=self.optimal_savings_amount,
            savings_percent=self.optimal_savings_percent,
        )
        offer = self.env["energy.sales.offer"].create(values)
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.sales.offer",
            "res_id": offer.id,
            "view_mode": "form",
        }
