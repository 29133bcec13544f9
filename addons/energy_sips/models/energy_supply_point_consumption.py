# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergySupplyPointConsumption(models.Model):
    _inherit = "energy.supply.point.consumption"

    access_tariff_id = fields.Many2one(
        "energy.access.tariff",
        help="Access tariff in force during the period (SIPS codigoTarifaATR).",
    )
