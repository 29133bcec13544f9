# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

PERIODS = range(1, 7)


class EnergySupplyPointConsumption(models.Model):
    """Energy consumed by a supply point over one reading period (usually a
    billing month), per energy period, with the maximum demand per power
    period. SIPS publishes it monthly for the last three years."""

    _name = "energy.supply.point.consumption"
    _description = "Supply Point Consumption"
    _order = "supply_point_id, date_start desc"

    supply_point_id = fields.Many2one(
        "energy.supply.point",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="supply_point_id.company_id", store=True, index=True
    )
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To", required=True, index=True)
    source = fields.Selection(
        [
            ("sips", "SIPS"),
            ("reading", "Meter reading"),
            ("invoice", "Invoice"),
            ("manual", "Manual"),
        ],
        required=True,
        default="manual",
    )
    kwh_p1 = fields.Float(string="kWh P1", digits=(16, 3))
    kwh_p2 = fields.Float(string="kWh P2", digits=(16, 3))
    kwh_p3 = fields.Float(string="kWh P3", digits=(16, 3))
    kwh_p4 = fields.Float(string="kWh P4", digits=(16, 3))
    kwh_p5 = fields.Float(string="kWh P5", digits=(16, 3))
    kwh_p6 = fields.Float(string="kWh P6", digits=(16, 3))
    kwh_total = fields.Float(
        string="kWh",
        digits=(16, 3),
        compute="_compute_kwh_total",
        store=True,
        precompute=True,
    )
    max_demand_p1_kw = fields.Float(string="Max. Demand P1 (kW)", digits=(16, 3))
    max_demand_p2_kw = fields.Float(string="Max. Demand P2 (kW)", digits=(16, 3))
    max_demand_p3_kw = fields.Float(string="Max. Demand P3 (kW)", digits=(16, 3))
    max_demand_p4_kw = fields.Float(string="Max. Demand P4 (kW)", digits=(16, 3))
    max_demand_p5_kw = fields.Float(string="Max. Demand P5 (kW)", digits=(16, 3))
    max_demand_p6_kw = fields.Float(string="Max. Demand P6 (kW)", digits=(16, 3))

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE (supply_point_id, date_start, date_end)",
            "This supply point already has consumption for this period.",
        ),
        (
            "dates_ordered",
            "CHECK (date_end >= date_start)",
            "A consumption period cannot end before it starts.",
        ),
        (
            "kwh_positive",
            "CHECK (kwh_p1 >= 0 AND kwh_p2 >= 0 AND kwh_p3 >= 0 AND kwh_p4 >= 0 "
            "AND kwh_p5 >= 0 AND kwh_p6 >= 0)",
            "Consumption cannot be negative.",
        ),
    ]

    @api.depends(*(f"kwh_p{period}" for period in PERIODS))
    def _compute_kwh_total(self):
        for row in self:
            row.kwh_total = sum(row[f"kwh_p{period}"] for period in PERIODS)

    @api.depends("supply_point_id", "date_start", "date_end")
    def _compute_display_name(self):
        for row in self:
            row.display_name = self.env._(
                "%(cups)s from %(start)s to %(end)s",
                cups=row.supply_point_id.cups or "",
                start=row.date_start or "",
                end=row.date_end or "",
            )
