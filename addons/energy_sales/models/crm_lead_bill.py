# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.optimal_power import PowerProposalError, propose_powers
from .crm_lead_comparator import COMPARISON_DAYS

PERIODS = range(1, 7)
BILL_ENERGY_FIELDS = [f"bill_energy_price_p{p}" for p in PERIODS]
BILL_POWER_FIELDS = [f"bill_power_price_p{p}" for p in PERIODS]
DEMAND_FIELDS = [f"max_demand_p{p}_kw" for p in PERIODS]
OPTIMAL_FIELDS = [f"optimal_power_p{p}_kw" for p in PERIODS]
# Margin over the observed maximum demand when proposing a power
# (ir.config_parameter energy_sales.optimal_power_margin_percent).
DEFAULT_POWER_MARGIN_PERCENT = 5.0


def _price_field(kind, period, unit):
    return fields.Float(
        string=f"Bill {kind} P{period} ({unit})",
        digits=(16, 6),
        help=f"{kind} price of period P{period} on the customer's bill, taxes "
        "excluded, as typed from the bill.",
    )


def _kw_field(label, period, **kwargs):
    return fields.Float(string=f"{label} P{period} (kW)", digits=(16, 3), **kwargs)


class CrmLead(models.Model):
    """The comparator from the customer's bill: their current prices per
    period, the bill itself, and the optimal contracted power from the
    maximum demand SIPS publishes."""

    _inherit = "crm.lead"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    bill_energy_price_p1 = _price_field("Energy", 1, "€/kWh")
    bill_energy_price_p2 = _price_field("Energy", 2, "€/kWh")
    bill_energy_price_p3 = _price_field("Energy", 3, "€/kWh")
    bill_energy_price_p4 = _price_field("Energy", 4, "€/kWh")
    bill_energy_price_p5 = _price_field("Energy", 5, "€/kWh")
    bill_energy_price_p6 = _price_field("Energy", 6, "€/kWh")
    bill_power_price_p1 = _price_field("Power", 1, "€/kW·day")
    bill_power_price_p2 = _price_field("Power", 2, "€/kW·day")
    bill_power_price_p3 = _price_field("Power", 3, "€/kW·day")
    bill_power_price_p4 = _price_field("Power", 4, "€/kW·day")
    bill_power_price_p5 = _price_field("Power", 5, "€/kW·day")
    bill_power_price_p6 = _price_field("Power", 6, "€/kW·day")
    bill_file = fields.Binary(
        string="Customer's Bill",
        attachment=True,
        copy=False,
        help="The bill the prices were typed from.",
    )
    bill_filename = fields.Char(copy=False)
    has_bill_prices = fields.Boolean(compute="_compute_has_bill_prices")
    max_demand_p1_kw = _kw_field("Max. Demand", 1, readonly=True)
    max_demand_p2_kw = _kw_field("Max. Demand", 2, readonly=True)
    max_demand_p3_kw = _kw_field("Max. Demand", 3, readonly=True)
    max_demand_p4_kw = _kw_field("Max. Demand", 4, readonly=True)
    max_demand_p5_kw = _kw_field("Max. Demand", 5, readonly=True)
    max_demand_p6_kw = _kw_field("Max. Demand", 6, readonly=True)
    optimal_power_p1_kw = _kw_field("Optimal Power", 1, readonly=True)
    optimal_power_p2_kw = _kw_field("Optimal Power", 2, readonly=True)
    optimal_power_p3_kw = _kw_field("Optimal Power", 3, readonly=True)
    optimal_power_p4_kw = _kw_field("Optimal Power", 4, readonly=True)
    optimal_power_p5_kw = _kw_field("Optimal Power", 5, readonly=True)
    optimal_power_p6_kw = _kw_field("Optimal Power", 6, readonly=True)
    optimal_power_note = fields.Char(
        readonly=True,
        help="Why no optimal power could be proposed, when it could not.",
    )

    # ------------------------------------------------------------------
    # Compute and constraint methods
    # ------------------------------------------------------------------

    @api.depends(*BILL_ENERGY_FIELDS, *BILL_POWER_FIELDS)
    def _compute_has_bill_prices(self):
        for lead in self:
            lead.has_bill_prices = any(
                lead[fname] for fname in (*BILL_ENERGY_FIELDS, *BILL_POWER_FIELDS)
            )

    @api.constrains(*BILL_ENERGY_FIELDS, *BILL_POWER_FIELDS)
    def _check_bill_prices(self):
        for lead in self:
            if any(
                lead[fname] < 0 for fname in (*BILL_ENERGY_FIELDS, *BILL_POWER_FIELDS)
            ):
                raise ValidationError(
                    self.env._(
                        "%(lead)s: the prices of a bill cannot be negative.",
                        lead=lead.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_compare(self):
        """Before pricing, read the maximum demand of the SIPS year and
        propose the optimal power, so that each product is also priced with
        it."""
        self.ensure_one()
        self._check_sales_user()
        if self.supply_point_id and self.access_tariff_id:
            self.write(self._optimal_power_values())
        return super().action_compare()

    # ------------------------------------------------------------------
    # Business methods: current prices from the bill
    # ------------------------------------------------------------------

    def _current_prices_error(self):
        if not self.has_bill_prices:
            return super()._current_prices_error()
        tariff = self.access_tariff_id
        missing = [
            f"P{p}"
            for p in range(1, tariff.energy_period_count + 1)
            if self[f"bill_energy_price_p{p}"] <= 0
        ] + [
            f"P{p} (kW)"
            for p in range(1, tariff.power_period_count + 1)
            if self[f"bill_power_price_p{p}"] <= 0
        ]
        if missing:
            return self.env._(
                "Type every price of the customer's bill for %(tariff)s; "
                "missing: %(periods)s.",
                tariff=tariff.display_name,
                periods=", ".join(missing),
            )
        return False

    def _current_price_values(self):
        if not self.has_bill_prices:
            return super()._current_price_values()
        values = {}
        for period in PERIODS:
            values[f"energy_price_p{period}"] = self[f"bill_energy_price_p{period}"]
            values[f"power_price_p{period}"] = self[f"bill_power_price_p{period}"]
        return values

    # ------------------------------------------------------------------
    # Business methods: optimal power
    # ------------------------------------------------------------------

    def _optimal_power_values(self):
        """The maximum demand of the supply's SIPS year (one query) and the
        optimal powers it calls for, as values of the lead."""
        self.ensure_one()
        point = self.supply_point_id.sudo()
        tariff = self.access_tariff_id
        values = dict.fromkeys(DEMAND_FIELDS + OPTIMAL_FIELDS, 0.0)
        values["optimal_power_note"] = False
        demands = [0.0] * 6
        if point.annual_date_to:
            rows = (
                self.env["energy.supply.point.consumption"]
                .sudo()
                ._read_group(
                    [
                        ("supply_point_id", "=", point.id),
                        (
                            "date_end",
                            ">",
                            point.annual_date_to - relativedelta(years=1),
                        ),
                    ],
                    [],
                    [f"{fname}:max" for fname in DEMAND_FIELDS],
                )
            )
            demands = [value or 0.0 for value in rows[0]]
        values.update(zip(DEMAND_FIELDS, demands, strict=True))
        if not any(demands[: tariff.power_period_count]):
            values["optimal_power_note"] = self.env._(
                "SIPS gives no maximum demand for this supply."
            )
            return values
        try:
            powers = propose_powers(
                demands,
                [self[f"power_p{p}_kw"] for p in PERIODS],
                tariff.power_period_count,
                margin=self._optimal_power_margin() / 100,
                max_power_kw=tariff.max_power_kw,
                min_top_power_kw=tariff.min_top_power_kw,
                ascending=tariff.ascending_powers,
            )
        except PowerProposalError:
            values["optimal_power_note"] = self.env._(
                "The maximum demand exceeds what %(tariff)s allows: the supply "
                "needs another access tariff.",
                tariff=tariff.display_name,
            )
            return values
        values.update(zip(OPTIMAL_FIELDS, powers, strict=True))
        return values

    @api.model
    def _optimal_power_margin(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("energy_sales.optimal_power_margin_percent")
        )
        try:
            return float(value) if value else DEFAULT_POWER_MARGIN_PERCENT
        except ValueError:
            return DEFAULT_POWER_MARGIN_PERCENT

    def _optimal_powers(self):
        powers = [self[fname] for fname in OPTIMAL_FIELDS]
        return powers if any(powers) else None

    def _comparison_lines(self, products, date_start):
        """Add what each product costs with the optimal power, against the
        customer's current cost (at their current power)."""
        lines = super()._comparison_lines(products, date_start)
        powers = self._optimal_powers()
        if not powers:
            return lines
        Engine = self.env["energy.bill.engine"].sudo()
        date_end = date_start + relativedelta(days=COMPARISON_DAYS - 1)
        kwh = [self[f"annual_kwh_p{p}"] for p in PERIODS]
        point = self.supply_point_id.sudo()
        requests = [
            Engine._request_from_supply(
                product, point, date_start, date_end, kwh, powers=powers
            )
            for product in products.sudo()
        ]
        bills = Engine._compute_bills(requests)
        by_product = dict(zip(products.ids, bills, strict=True))
        for line in lines:
            bill = by_product.get(line["product_id"])
            if line.get("error") or isinstance(bill, str) or bill is None:
                continue
            cost = float(bill["amount_total"])
            savings = line["current_cost"] - cost
            line.update(
                optimal_annual_cost=cost,
                optimal_savings_amount=savings,
                optimal_savings_percent=savings * 100 / line["current_cost"]
                if line["current_cost"]
                else 0.0,
            )
        return lines
