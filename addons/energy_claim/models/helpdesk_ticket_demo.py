# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from odoo.addons.energy_base.tools.demo import demo_env


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _demo_generate_claims(self):
        """Demo claims; False when they already exist."""
        from ..demo.claim_demo import ClaimDemo

        return ClaimDemo(demo_env(self.env)).generate()
