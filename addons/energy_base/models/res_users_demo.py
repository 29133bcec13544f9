# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools.demo import speak_spanish


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _demo_speak_spanish(self):
        """Called by the last demo file of the suite (energy_atr's)."""
        return speak_spanish(self.env)
