# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bill arithmetic, free of the ORM so that it is fast and checkable by
hand. ``energy.bill.engine`` gathers the dated prices and taxes and calls
:func:`compute_bill`.

Conventions (each one is what a hand computation of the bill does):

- a window runs from ``date_start`` to ``date_end``, both days included;
- it is cut into segments wherever a price version, the electricity tax
  settings or the indirect tax change; power, fees and rental are charged per
  day of each segment, and the energy of the window is shared between
  segments in proportion to their days (kWh rounded to 3 decimals, the last
  segment takes the remainder);
- every line is rounded to the cent; the electricity tax is computed once per
  (tax settings, indirect tax) group on the sum of its power and energy lines,
  and is never below the legal minimum per MWh of that group's energy;
- the indirect tax (VAT, IGIC or IPSI) is computed once per rate on the sum
  of the lines at that rate, and rounded to the cent.
"""

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

PERIODS = range(1, 7)
CENT = Decimal("0.01")
MILLI = Decimal("0.001")


def money(value):
    """Round half up to the cent, as a Decimal."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def dec(value):
    return Decimal(str(value or 0))


def cut_segments(date_start, date_end, change_dates):
    """[(first day, last day), …] of the window cut before each change date
    strictly inside it."""
    cuts = sorted({d for d in change_dates if date_start < d <= date_end})
    segments, start = [], date_start
    for cut in cuts:
        segments.append((start, cut - timedelta(days=1)))
        start = cut
    segments.append((start, date_end))
    return segments


def share_kwh(kwh, segment_days, total_days):
    """kWh of each segment, in proportion to its days; the last takes the rest."""
    kwh = dec(kwh)
    shares, given = [], Decimal(0)
    for index, days in enumerate(segment_days):
        if index == len(segment_days) - 1:
            shares.append(kwh - given)
        else:
            share = (kwh * days / total_days).quantize(MILLI, ROUND_HALF_UP)
            shares.append(share)
            given += share
    return shares


def compute_bill(bill, segments):
    """Compute one bill.

    :param bill: dict with ``date_start``, ``date_end``, ``power_periods``,
        ``energy_periods`` (counts), ``powers`` and ``kwh`` (6 values each, kW
        and kWh), ``domestic`` (bool), ``industrial`` (bool) and
        ``meter`` ('single', 'three' or False for an owned meter)
    :param segments: list of dicts ``date_from``, ``date_to``, ``price`` (dict
        with ``power_price_pN``, ``energy_price_pN``, ``monthly_fee``),
        ``tax`` (the dict of ``energy.tax.setting._get_tax_parameters`` less
        its records) and ``tax_key`` (what identifies the tax settings and
        indirect tax in force), covering the window without gaps
    :return: dict ``lines`` (kind, period, date_from, date_to, quantity,
        unit_price, amount, tax_rate), ``taxes`` (rate → base, amount),
        ``amount_untaxed``, ``amount_tax``, ``amount_total`` (Decimals),
        ``days``
    """
    total_days = (bill["date_end"] - bill["date_start"]).days + 1
    seg_days = [(s["date_to"] - s["date_from"]).days + 1 for s in segments]
    kwh_shares = {
        p: share_kwh(bill["kwh"][p - 1], seg_days, total_days)
        for p in range(1, bill["energy_periods"] + 1)
    }
    lines = []
    groups = defaultdict(lambda: {"base": Decimal(0), "kwh": Decimal(0)})
    for index, (segment, days) in enumerate(zip(segments, seg_days, strict=True)):
        price, tax = segment["price"], segment["tax"]
        supply_rate = dec(
            tax["indirect_tax_domestic_rate"]
            if bill["domestic"]
            else tax["indirect_tax_rate"]
        )
        common = {
            "date_from": segment["date_from"],
            "date_to": segment["date_to"],
            "tax_key": segment["tax_key"],
            "tax_type": tax["indirect_tax_type"],
        }
        group = groups[segment["tax_key"]]
        group["tax"], group["rate"] = tax, supply_rate
        # the electricity tax line spans every segment of its group
        group["common"] = dict(
            common, date_from=group.get("common", common)["date_from"]
        )
        for period in range(1, bill["power_periods"] + 1):
            kw = dec(bill["powers"][period - 1])
            unit = dec(price[f"power_price_p{period}"])
            amount = money(kw * days * unit)
            lines.append(
                dict(
                    common,
                    kind="power",
                    period=period,
                    quantity=kw,
                    days=days,
                    unit_price=unit,
                    amount=amount,
                    tax_rate=supply_rate,
                )
            )
            group["base"] += amount
        for period in range(1, bill["energy_periods"] + 1):
            kwh = kwh_shares[period][index]
            unit = dec(price[f"energy_price_p{period}"])
            amount = money(kwh * unit)
            lines.append(
                dict(
                    common,
                    kind="energy",
                    period=period,
                    quantity=kwh,
                    days=days,
                    unit_price=unit,
                    amount=amount,
                    tax_rate=supply_rate,
                )
            )
            group["base"] += amount
            group["kwh"] += kwh
        fee = dec(price.get("monthly_fee"))
        if fee:
            lines.append(
                dict(
                    common,
                    kind="fee",
                    period=0,
                    quantity=Decimal(days),
                    days=days,
                    unit_price=fee,
                    amount=money(fee * 12 * days / 365),
                    tax_rate=supply_rate,
                )
            )
        if bill["meter"]:
            rental = dec(
                tax["meter_rental_three_phase"]
                if bill["meter"] == "three"
                else tax["meter_rental_single_phase"]
            )
            lines.append(
                dict(
                    common,
                    kind="rental",
                    period=0,
                    quantity=Decimal(days),
                    days=days,
                    unit_price=rental,
                    amount=money(rental * 12 * days / 365),
                    tax_rate=dec(tax["indirect_tax_meter_rental_rate"]),
                )
            )
    for group in groups.values():
        lines.append(_electricity_tax_line(bill, group))
    return _totals(lines, total_days)


def _electricity_tax_line(bill, group):
    tax = group["tax"]
    by_rate = group["base"] * dec(tax["electricity_tax_rate"]) / 100
    minimum_per_mwh = dec(
        tax["electricity_tax_min_industrial"]
        if bill["industrial"]
        else tax["electricity_tax_min_other"]
    )
    minimum = group["kwh"] / 1000 * minimum_per_mwh
    return dict(
        group["common"],
        kind="electricity_tax",
        period=0,
        quantity=group["base"],
        days=0,
        unit_price=dec(tax["electricity_tax_rate"]),
        amount=money(max(by_rate, minimum)),
        tax_rate=group["rate"],
        is_minimum=minimum > by_rate,
        kwh=group["kwh"],
    )


def _totals(lines, total_days):
    bases = defaultdict(Decimal)
    for line in lines:
        bases[(line["tax_type"], line["tax_rate"])] += line["amount"]
    taxes = [
        {
            "tax_type": key[0],
            "rate": key[1],
            "base": base,
            "amount": money(base * key[1] / 100),
        }
        for key, base in sorted(
            bases.items(), key=lambda item: (item[0][0], item[0][1])
        )
    ]
    untaxed = sum((line["amount"] for line in lines), Decimal(0))
    tax_total = sum((tax["amount"] for tax in taxes), Decimal(0))
    return {
        "lines": lines,
        "taxes": taxes,
        "amount_untaxed": untaxed,
        "amount_tax": tax_total,
        "amount_total": untaxed + tax_total,
        "days": total_days,
    }
