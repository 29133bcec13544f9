# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class EnergyCommissionPlan(models.Model):
    _inherit = "energy.commission.plan"

    @api.model
    def _demo_generate(self):
        """Demo plans, lines and settlements (demo/commission_demo.py)."""
        from ..demo.commission_demo import CommissionDemo

        return CommissionDemo(self.env).generate()
