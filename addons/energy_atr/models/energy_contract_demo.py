# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from odoo.addons.energy_base.tools.demo import demo_env


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Demo data (the generator lives in demo/contract_demo.py, loaded only here)
    # ------------------------------------------------------------------

    @api.model
    def _demo_generate(self):
        """Generate the demo requests; False when they exist already."""
        from ..demo.contract_demo import ContractDemo

        return ContractDemo(demo_env(self.env)).generate()

    @api.model
    def _demo_portal_customer_user(self):
        """Create the demo `customer` portal login; False when it exists."""
        from ..demo.contract_demo import ContractDemo

        return ContractDemo(demo_env(self.env)).portal_customer_user()
