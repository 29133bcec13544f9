# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools.misc import format_date

from odoo.addons.energy_pricing.models.energy_product_price import (
    ENERGY_PRICE_FIELDS,
    POWER_PRICE_FIELDS,
)

from ..tools.bill_engine import compute_bill, cut_segments

TAX_FIELDS = [
    "electricity_tax_rate",
    "electricity_tax_min_industrial",
    "electricity_tax_min_other",
    "meter_rental_single_phase",
    "meter_rental_three_phase",
]
INDIRECT_FIELDS = {
    "tax_type": "indirect_tax_type",
    "rate": "indirect_tax_rate",
    "domestic_rate": "indirect_tax_domestic_rate",
    "meter_rental_rate": "indirect_tax_meter_rental_rate",
}
# Single-phase supplies stop at 63 A × 230 V (CNMC normalised powers).
SINGLE_PHASE_MAX_KW = 14.49


class EnergyBillEngine(models.AbstractModel):
    """The one bill engine of the suite. Invoicing calls it for contracts; the
    comparator and renewals call it with a hypothetical product. It reads the
    dated prices of ``energy_pricing`` and its dated taxes in three queries for
    any number of bills and leaves the arithmetic to ``tools/bill_engine``."""

    _name = "energy.bill.engine"
    _description = "Electricity Bill Engine"

    @api.model
    def _request_from_supply(
        self, product, supply_point, date_start, date_end, kwh, powers=None
    ):
        """A bill request for `product` on `supply_point` (its zone, use,
        meter and, unless given, its contracted powers)."""
        powers = powers or [supply_point[f"power_p{p}_kw"] for p in range(1, 7)]
        tariff = product.access_tariff_id
        if supply_point.meter_owner not in (False, "distributor"):
            meter = False
        else:
            meter = "three" if max(powers) > SINGLE_PHASE_MAX_KW else "single"
        return {
            "product": product,
            "company": product.company_id,
            "date_start": date_start,
            "date_end": date_end,
            "power_periods": tariff.power_period_count,
            "energy_periods": tariff.energy_period_count,
            "powers": list(powers),
            "kwh": list(kwh),
            "zone": supply_point.zone or "peninsula",
            "domestic": bool(supply_point.supply_use_id.is_domestic),
            "industrial": tariff.name.startswith("6."),
            "meter": meter,
        }

    @api.model
    def _request_from_contract(self, contract, date_start, date_end, kwh):
        powers = [contract[f"power_p{p}_kw"] for p in range(1, 7)]
        return self._request_from_supply(
            contract.product_id,
            contract.supply_point_id,
            date_start,
            date_end,
            kwh,
            powers=powers,
        )

    @api.model
    def _compute_bills(self, requests):
        """Compute many bills at once.

        :param requests: list of dicts from :meth:`_request_from_supply`
        :return: list, in the same order, of the result dict of
            ``tools.bill_engine.compute_bill`` or of an error message (str)
            when a price or a tax is missing for some day of the window
        """
        if not requests:
            return []
        start = min(r["date_start"] for r in requests)
        end = max(r["date_end"] for r in requests)
        prices = self._load_versions(
            "energy.product.price",
            [("product_id", "in", list({r["product"].id for r in requests}))],
            start,
            end,
            ["product_id", *ENERGY_PRICE_FIELDS, *POWER_PRICE_FIELDS, "monthly_fee"],
        )
        companies = list({r["company"].id for r in requests})
        settings = self._load_versions(
            "energy.tax.setting",
            [("company_id", "in", companies)],
            start,
            end,
            ["company_id", *TAX_FIELDS],
        )
        indirect = self._load_versions(
            "energy.indirect.tax",
            [("company_id", "in", companies)],
            start,
            end,
            ["company_id", "zone", *INDIRECT_FIELDS],
        )
        results = []
        for request in requests:
            if request["product"].pricing_type == "indexed":
                results.append(
                    self.env._(
                        "%(product)s is indexed: indexed products are not billed yet.",
                        product=request["product"].display_name,
                    )
                )
                continue
            product_prices = [
                v for v in prices if v["product_id"] == request["product"].id
            ]
            company_settings = [
                v for v in settings if v["company_id"] == request["company"].id
            ]
            zone_taxes = [
                v
                for v in indirect
                if v["company_id"] == request["company"].id
                and v["zone"] == request["zone"]
            ]
            segments = self._segments(
                request, product_prices, company_settings, zone_taxes
            )
            if isinstance(segments, str):
                results.append(segments)
            else:
                results.append(compute_bill(request, segments))
        return results

    @api.model
    def _load_versions(self, model, domain, start, end, fnames):
        records = self.env[model].search_fetch(
            [
                *domain,
                ("date_from", "<=", end),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", start),
            ],
            ["date_from", "date_to", *fnames],
        )
        rows = []
        for record in records:
            row = {
                "id": record.id,
                "date_from": record.date_from,
                "date_to": record.date_to,
            }
            for fname in fnames:
                value = record[fname]
                row[fname] = value.id if isinstance(value, models.BaseModel) else value
            rows.append(row)
        return rows

    @api.model
    def _segments(self, request, prices, settings, taxes):
        """Segments of the request's window with their price and taxes, or
        the message saying which is missing."""
        changes = set()
        for version in (*prices, *settings, *taxes):
            changes.add(version["date_from"])
            if version["date_to"]:
                changes.add(fields.Date.add(version["date_to"], days=1))
        segments = []
        for date_from, date_to in cut_segments(
            request["date_start"], request["date_end"], changes
        ):
            price = self._in_force(prices, date_from)
            setting = self._in_force(settings, date_from)
            tax = self._in_force(taxes, date_from)
            if not price:
                return self.env._(
                    "No price of %(product)s in force on %(date)s.",
                    product=request["product"].display_name,
                    date=format_date(self.env, date_from),
                )
            if not (setting and tax):
                return self.env._(
                    "No electricity tax or VAT/IGIC/IPSI settings in force on "
                    "%(date)s for the zone %(zone)s.",
                    date=format_date(self.env, date_from),
                    zone=request["zone"],
                )
            tax_values = {fname: setting[fname] for fname in TAX_FIELDS}
            tax_values.update(
                {key: tax[fname] for fname, key in INDIRECT_FIELDS.items()}
            )
            segments.append(
                {
                    "date_from": date_from,
                    "date_to": date_to,
                    "price": price,
                    "tax": tax_values,
                    "tax_key": (setting["id"], tax["id"]),
                }
            )
        return segments

    @staticmethod
    def _in_force(versions, day):
        for version in versions:
            if version["date_from"] <= day and (
                not version["date_to"] or version["date_to"] >= day
            ):
                return version
        return None
