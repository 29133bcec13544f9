# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from odoo.addons.energy_base.tools.demo import demo_env


class EnergyAtrCase(models.Model):
    _inherit = "energy.atr.case"

    # ------------------------------------------------------------------
    # Demo data (the generator lives in demo/atr_demo.py, loaded only here)
    # ------------------------------------------------------------------

    @api.model
    def _demo_generate(self):
        """Switch the demo requests through the real pipeline; False when it
        already ran or there is nothing to switch."""
        from ..demo.atr_demo import AtrDemo

        return AtrDemo(demo_env(self.env)).generate()
