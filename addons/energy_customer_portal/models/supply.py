# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date

from odoo.addons.energy_contract.models.lifecycle import (
    IN_FORCE_STATES,
    IN_PROGRESS_STATES,
)

PERIODS = range(1, 7)
KWH_FIELDS = [f"kwh_p{period}" for period in PERIODS]
# Months the consumption charts read: the twelve shown and the twelve before
# them, counted back from the latest month with data in the last year.
CHART_MONTHS = 12
# A customer reaches a supply point while they hold it or while a request of
# theirs on it is in progress or in force; a rejected, cancelled or terminated
# request alone gives no access (the next holder's data is not theirs).
PORTAL_CONTRACT_STATES = (*IN_PROGRESS_STATES, *IN_FORCE_STATES)


class EnergySupplyPoint(models.Model):
    """What the customer portal reads about a supply point: which points a
    customer reaches, their contracts and their consumption per month and
    per period."""

    _inherit = "energy.supply.point"

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _portal_customer_domain(self, partner):
        """Supply points a customer (`partner` or any contact of its company)
        reaches on the portal: the ones they hold and the ones with a request
        of theirs in progress or in force (one and the same request must be
        theirs and alive).

        Both sides are looked up first, each on its own index (the holder on
        the supply point; the customer and the phase on the request), and the
        result is a domain on ids: no scan of the supply points, however many
        there are, which a single OR of the two would cause."""
        commercial = partner.commercial_partner_id
        held = (
            self.sudo()
            .with_context(active_test=False)
            .search([("holder_id", "child_of", [commercial.id])])
        )
        requested = (
            self.env["energy.contract"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "child_of", [commercial.id]),
                    ("state", "in", PORTAL_CONTRACT_STATES),
                ],
                ["supply_point_id"],
            )
        )
        ids = set(held.ids) | set(requested.supply_point_id.ids)
        return [("id", "in", sorted(ids))]

    def _portal_contracts_by_point(self, partner):
        """The customer's own requests on these supply points, one query:
        {point: contracts, newest first}. Another holder's contracts on the
        same point are never among them."""
        commercial = partner.commercial_partner_id
        contracts = self.env["energy.contract"].search_fetch(
            [
                ("supply_point_id", "in", self.ids),
                ("partner_id", "child_of", [commercial.id]),
                ("state", "in", PORTAL_CONTRACT_STATES + ("terminated",)),
            ],
            [
                "supply_point_id",
                "state",
                "product_id",
                "date_activated",
                "date_requested",
                "request_type",
                "name",
            ],
            order="date_requested desc, id desc",
        )
        by_point = defaultdict(lambda: self.env["energy.contract"])
        for contract in contracts:
            by_point[contract.supply_point_id] |= contract
        return by_point

    @api.model
    def _portal_current_contract(self, contracts):
        """Among a customer's requests on one supply point (newest first), the
        contract that supplies it: the one in force, else the newest request in
        progress, else the last one terminated."""
        for states in (IN_FORCE_STATES, IN_PROGRESS_STATES, ("terminated",)):
            found = contracts.filtered(
                lambda contract, states=states: contract.state in states
                and not contract.parent_contract_id
            ) or contracts.filtered(
                lambda contract, states=states: contract.state in states
            )
            if found:
                return found[0]
        return contracts[:1]

    def _portal_status_label(self, contract):
        """The supply's status in the customer's words."""
        self.ensure_one()
        if not contract:
            return self.env._("No contract with us")
        if contract.state in IN_FORCE_STATES:
            if contract.date_activated:
                return self.env._(
                    "Supplied by us since %(date)s",
                    date=format_date(self.env, contract.date_activated),
                )
            return self.env._("Supplied by us")
        if contract.state == "terminated":
            return self.env._("Contract ended")
        return self.env._("Contract being processed")

    def _portal_consumption(self, today=None):
        """Consumption of this supply point for the portal charts.

        The billing readings in force (superseded ones left out) when the
        point has any in the window, else the consumption published by SIPS.
        Two aggregate queries at most whatever the number of readings: one
        `_read_group` per month of the reading's end over the last 36 months.

        :return: dict with `source` ('reading', 'sips' or False), `months`
            (12 dicts: month, kwh, previous-year kwh) and `periods` (one dict
            per energy period of the tariff: kwh of the last 12 months and
            of the 12 before), plus the totals of both years
        """
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        this_month = today.replace(day=1)
        window_start = this_month - relativedelta(months=3 * CHART_MONTHS - 1)
        aggregates = [f"{fname}:sum" for fname in KWH_FIELDS]
        source = False
        rows = []
        for model, extra, name in (
            ("energy.billing.reading", [("state", "=", "valid")], "reading"),
            ("energy.supply.point.consumption", [], "sips"),
        ):
            rows = (
                self.env[model]
                .sudo()
                ._read_group(
                    [
                        ("supply_point_id", "=", self.id),
                        ("date_end", ">=", window_start),
                        ("date_end", "<", this_month + relativedelta(months=1)),
                        *extra,
                    ],
                    ["date_end:month"],
                    aggregates,
                )
            )
            if rows:
                source = name
                break
        by_month = {month: list(sums) for month, *sums in rows}
        # the twelve months end with the latest month with data in the last
        # year, so that a bill not yet read does not show as an empty month
        recent = [
            month for month in by_month if month > this_month - relativedelta(years=1)
        ]
        last_month = max(recent, default=this_month)
        period_count = self.access_tariff_id.energy_period_count or 6
        zero = [0.0] * len(KWH_FIELDS)
        months = []
        current = [0.0] * len(KWH_FIELDS)
        previous = [0.0] * len(KWH_FIELDS)
        for offset in range(CHART_MONTHS - 1, -1, -1):
            month = last_month - relativedelta(months=offset)
            year_before = month - relativedelta(years=1)
            sums = by_month.get(month, zero)
            sums_before = by_month.get(year_before, zero)
            current = [a + b for a, b in zip(current, sums, strict=True)]
            previous = [a + b for a, b in zip(previous, sums_before, strict=True)]
            months.append(
                {
                    "month": month,
                    "label": format_date(self.env, month, date_format="MMM yyyy"),
                    "short_label": format_date(self.env, month, date_format="MMM"),
                    "previous_label": format_date(
                        self.env, year_before, date_format="MMM yyyy"
                    ),
                    "kwh": sum(sums),
                    "previous_kwh": sum(sums_before),
                    "has_data": month in by_month,
                    "previous_has_data": year_before in by_month,
                }
            )
        periods = [
            {
                "period": period,
                "label": f"P{period}",
                "kwh": current[period - 1],
                "previous_kwh": previous[period - 1],
            }
            for period in range(1, period_count + 1)
        ]
        first_month = last_month - relativedelta(months=CHART_MONTHS - 1)
        return {
            "source": source,
            "months": months,
            "periods": periods,
            "total_kwh": sum(current),
            "previous_total_kwh": sum(previous),
            "date_from": first_month,
            "date_to": last_month + relativedelta(months=1, days=-1),
            "previous_date_from": first_month - relativedelta(years=1),
            "previous_date_to": last_month
            + relativedelta(months=1, days=-1)
            - relativedelta(years=1),
        }
