# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.energy_base.tools.related import count_related, open_related


class EnergySupplyPoint(models.Model):
    _inherit = "energy.supply.point"

    contract_count = fields.Integer(
        string="Contract Requests", compute="_compute_contract_count"
    )

    def _compute_contract_count(self):
        counts = count_related(self, "energy.contract", "supply_point_id")
        for point in self:
            point.contract_count = counts.get(point, 0)

    def action_view_contracts(self):
        return open_related(
            self, "energy_contract.energy_contract_action", "supply_point_id"
        )
