# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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
