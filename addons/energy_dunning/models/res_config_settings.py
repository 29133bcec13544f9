# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    energy_plan_max_instalments = fields.Integer(
        related="company_id.energy_plan_max_instalments", readonly=False
    )
    energy_plan_grace_days = fields.Integer(
        related="company_id.energy_plan_grace_days", readonly=False
    )
