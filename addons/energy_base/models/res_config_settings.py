# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    energy_ree_code = fields.Char(
        related="company_id.energy_ree_code",
        readonly=False,
    )
    energy_cnmc_code = fields.Char(
        related="company_id.energy_cnmc_code",
        readonly=False,
    )
