# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.energy_base.tools.related import count_related, open_related


class EnergySupplyPoint(models.Model):
    _inherit = "energy.supply.point"

    atr_case_count = fields.Integer(
        string="Switching Cases", compute="_compute_atr_case_count"
    )

    def _compute_atr_case_count(self):
        counts = count_related(self, "energy.atr.case", "supply_point_id")
        for point in self:
            point.atr_case_count = counts.get(point, 0)

    def action_view_atr_cases(self):
        return open_related(
            self, "energy_atr.energy_atr_case_action", "supply_point_id"
        )
