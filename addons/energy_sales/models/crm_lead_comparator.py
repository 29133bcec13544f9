# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.energy_billing.models.energy_bill_engine import (
    INDIRECT_FIELDS,
    TAX_FIELDS,
)
from odoo.addons.energy_billing.tools.bill_engine import compute_bill

PERIODS = range(1, 7)
# The comparator prices one year of 365 days from the day it runs.
COMPARISON_DAYS = 365


class CrmLead(models.Model):
    """SIPS fill-in and the savings comparator of a lead."""

    _inherit = "crm.lead"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    access_tariff_id = fields.Many2one("energy.access.tariff", tracking=True)
    power_p1_kw = fields.Float(string="Power P1 (kW)", digits=(16, 3))
    power_p2_kw = fields.Float(string="Power P2 (kW)", digits=(16, 3))
    power_p3_kw = fields.Float(string="Power P3 (kW)", digits=(16, 3))
    power_p4_kw = fields.Float(string="Power P4 (kW)", digits=(16, 3))
    power_p5_kw = fields.Float(string="Power P5 (kW)", digits=(16, 3))
    power_p6_kw = fields.Float(string="Power P6 (kW)", digits=(16, 3))
    annual_kwh_p1 = fields.Float(string="Annual kWh P1", digits=(16, 3))
    annual_kwh_p2 = fields.Float(string="Annual kWh P2", digits=(16, 3))
    annual_kwh_p3 = fields.Float(string="Annual kWh P3", digits=(16, 3))
    annual_kwh_p4 = fields.Float(string="Annual kWh P4", digits=(16, 3))
    annual_kwh_p5 = fields.Float(string="Annual kWh P5", digits=(16, 3))
    annual_kwh_p6 = fields.Float(string="Annual kWh P6", digits=(16, 3))
    current_energy_price = fields.Float(
        string="Current Energy Price (€/kWh)",
        digits=(16, 6),
        help="What the customer pays today per kWh, taxes excluded, in every "
        "period: from their bill, or a reference price.",
    )
    current_power_price = fields.Float(
        string="Current Power Price (€/kW·day)",
        digits=(16, 6),
        help="What the customer pays today per kW and day, taxes excluded, in "
        "every power period.",
    )
    comparison_line_ids = fields.One2many(
        "energy.sales.comparison.line", "lead_id", string="Savings Comparison"
    )
    date_compared = fields.Datetime(string="Compared On", readonly=True)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_fill_from_sips(self):
        """Look the CUPS up with the company's SIPS provider, store what it
        says on the supply point and copy the technical data and the last
        twelve months of consumption to the lead."""
        self.ensure_one()
        self._check_sales_user()
        if not self.cups:
            raise UserError(self.env._("Type the CUPS of the supply first."))
        provider = self.env["energy.sips.provider"].sudo()._get_default(self.company_id)
        result = provider.lookup([self.cups])[0]
        if not result["found"]:
            raise UserError(
                result["error"]
                or self.env._("%(cups)s is not in SIPS.", cups=self.cups)
            )
        provider._apply_lookup_results([result])
        point = (
            self.env["energy.supply.point"]
            .sudo()
            .search(
                [
                    ("cups", "=", self.cups[:20]),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
        )
        self.write(self._prepare_sips_values(point))
        return True

    def _prepare_sips_values(self, point):
        values = {
            "supply_point_id": point.id,
            "access_tariff_id": point.access_tariff_id.id,
        }
        for period in PERIODS:
            values[f"power_p{period}_kw"] = point[f"power_p{period}_kw"]
            values[f"annual_kwh_p{period}"] = point[f"annual_kwh_p{period}"]
        return values

    def action_compare(self):
        """Price a year of the lead's consumption with each of our products of
        its access tariff and with the customer's current prices; rank the
        products by annual savings."""
        self.ensure_one()
        self._check_sales_user()
        error = self._comparison_error()
        if error:
            raise UserError(error)
        date_start = fields.Date.context_today(self)
        products = self.env["energy.product"].search(
            [
                ("access_tariff_id", "=", self.access_tariff_id.id),
                ("company_id", "=", self.company_id.id),
                ("pricing_type", "=", "fixed"),
            ]
        )
        if not products:
            raise UserError(
                self.env._(
                    "No product of ours is priced for the access tariff %(tariff)s.",
                    tariff=self.access_tariff_id.display_name,
                )
            )
        lines = self._comparison_lines(products, date_start)
        self.write(
            {
                "comparison_line_ids": [Command.clear()]
                + [Command.create(line) for line in lines],
                "date_compared": fields.Datetime.now(),
            }
        )
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_sales_user(self):
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(self.env._("Only sales users can do this."))
        self.check_access("write")

    def _comparison_error(self):
        if not self.supply_point_id:
            return self.env._("Fill the supply point from SIPS first.")
        if not self.access_tariff_id:
            return self.env._("The access tariff of the supply is unknown.")
        if not any(self[f"annual_kwh_p{p}"] for p in PERIODS):
            return self.env._("The annual consumption of the supply is unknown.")
        return self._current_prices_error()

    def _current_prices_error(self):
        """Why the customer's current prices cannot be priced, or False."""
        if self.current_energy_price <= 0 or self.current_power_price <= 0:
            return self.env._(
                "Type the customer's current energy and power prices (from their "
                "bill, or a reference price)."
            )
        return False

    def _current_price_values(self):
        """The customer's current prices per period, as a price version's
        energy_price_p1..p6 and power_price_p1..p6."""
        values = {}
        for period in PERIODS:
            values[f"energy_price_p{period}"] = self.current_energy_price
            values[f"power_price_p{period}"] = self.current_power_price
        return values

    def _comparison_lines(self, products, date_start):
        """Values of the comparison lines, ranked; every bill comes from the
        billing bill engine (one batch for all products)."""
        Engine = self.env["energy.bill.engine"].sudo()
        date_end = date_start + timedelta(days=COMPARISON_DAYS - 1)
        kwh = [self[f"annual_kwh_p{p}"] for p in PERIODS]
        powers = [self[f"power_p{p}_kw"] for p in PERIODS]
        point = self.supply_point_id.sudo()
        requests = [
            Engine._request_from_supply(
                product, point, date_start, date_end, kwh, powers=powers
            )
            for product in products.sudo()
        ]
        current = self._current_bill(requests[0], point)
        if isinstance(current, str):
            raise UserError(current)
        current_cost = float(current["amount_total"])
        lines = []
        bills = Engine._compute_bills(requests)
        for product, bill in zip(products, bills, strict=True):
            line = {"product_id": product.id, "current_cost": current_cost}
            if isinstance(bill, str):
                line["error"] = bill
            else:
                cost = bill["amount_total"]
                savings = current["amount_total"] - cost
                line.update(
                    annual_cost=float(cost),
                    savings_amount=float(savings),
                    savings_percent=float(savings * 100 / current["amount_total"]),
                )
            lines.append(line)
        priced = sorted(
            (line for line in lines if not line.get("error")),
            key=lambda line: -line["savings_amount"],
        )
        for rank, line in enumerate(priced, start=1):
            line["rank"] = rank
        for line in lines:
            line.setdefault("rank", len(priced) + 1)
        return lines

    def _current_bill(self, request, point):
        """The same year billed at the customer's current prices: the engine's
        taxes, segments and arithmetic with one price version made of the
        lead's current prices."""
        Engine = self.env["energy.bill.engine"].sudo()
        request = dict(request, product=self.env["energy.product"])
        start, end = request["date_start"], request["date_end"]
        company = request["company"]
        price = {"id": 0, "date_from": start, "date_to": False, "monthly_fee": 0.0}
        price.update(self._current_price_values())
        settings = Engine._load_versions(
            "energy.tax.setting",
            [("company_id", "=", company.id)],
            start,
            end,
            ["company_id", *TAX_FIELDS],
        )
        taxes = Engine._load_versions(
            "energy.indirect.tax",
            [("company_id", "=", company.id), ("zone", "=", request["zone"])],
            start,
            end,
            ["company_id", "zone", *INDIRECT_FIELDS],
        )
        segments = Engine._segments(request, [price], settings, taxes)
        if isinstance(segments, str):
            return segments
        return compute_bill(request, segments)
