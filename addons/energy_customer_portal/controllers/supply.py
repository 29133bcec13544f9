# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.http import request
from odoo.osv import expression
from odoo.tools.misc import formatLang

from odoo.addons.energy_contract.models.lifecycle import (
    IN_FORCE_STATES,
    IN_PROGRESS_STATES,
)
from odoo.addons.energy_pricing.models.energy_product_price import (
    ENERGY_PRICE_FIELDS,
    POWER_PRICE_FIELDS,
)
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

SUPPLY_MODEL = "energy.supply.point"
# Documents a customer can open again: the ones we received from them.
RECEIVED_DOCUMENT_STATES = ("received", "validated")
INVOICE_TYPES = ("out_invoice", "out_refund")
LATEST_INVOICES = 6


class EnergySupplyPortal(CustomerPortal):
    """/my/supplies: the supply points of the logged-in customer, and for each
    one its contract, prices, powers, open requests, invoices and consumption.

    Portal users have no access right on supply points: every route builds
    the customer's domain from the session's user, searches with it in sudo
    and answers 404 when the point is not among the results, so a tampered id
    reaches nothing."""

    _energy_supplies_per_page = 20

    # ------------------------------------------------------------------
    # Ownership
    # ------------------------------------------------------------------

    def _energy_supply_partner(self):
        return request.env.user.partner_id

    def _energy_supply_domain(self):
        return request.env[SUPPLY_MODEL]._portal_customer_domain(
            self._energy_supply_partner()
        )

    def _energy_supply_get(self, supply_id):
        """The customer's supply point `supply_id` (sudo), or an empty
        recordset when it is not theirs or does not exist."""
        return (
            request.env[SUPPLY_MODEL]
            .sudo()
            .search(
                expression.AND(
                    [[("id", "=", int(supply_id))], self._energy_supply_domain()]
                ),
                limit=1,
            )
        )

    # ------------------------------------------------------------------
    # Home counter
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "energy_supply_count" in counters:
            values["energy_supply_count"] = (
                request.env[SUPPLY_MODEL]
                .sudo()
                .search_count(self._energy_supply_domain())
            )
        return values

    # ------------------------------------------------------------------
    # List
    # ------------------------------------------------------------------

    def _get_energy_supply_searchbar_inputs(self):
        return {
            "all": {
                "input": "all",
                "label": request.env._("Search in CUPS and address"),
            },
            "cups": {"input": "cups", "label": request.env._("Search in CUPS")},
            "address": {
                "input": "address",
                "label": request.env._("Search in address"),
            },
        }

    def _get_energy_supply_searchbar_sortings(self):
        return {
            "cups": {"label": request.env._("CUPS"), "order": "cups"},
            "city": {"label": request.env._("City"), "order": "city, cups"},
            "consumption": {
                "label": request.env._("Annual consumption"),
                "order": "annual_kwh_total desc, cups",
            },
        }

    def _get_energy_supply_search_domain(self, search_in, search):
        by_input = {
            "cups": [("cups_search", "ilike", search)],
            "address": expression.OR(
                [
                    [("street", "ilike", search)],
                    [("zip", "ilike", search)],
                    [("city", "ilike", search)],
                ]
            ),
        }
        if search_in in by_input:
            return by_input[search_in]
        return expression.OR(list(by_input.values()))

    def _prepare_energy_supplies_values(
        self, page=1, sortby=None, search=None, search_in="all", **kwargs
    ):
        Supply = request.env[SUPPLY_MODEL].sudo()
        values = self._prepare_portal_layout_values()
        sortings = self._get_energy_supply_searchbar_sortings()
        inputs = self._get_energy_supply_searchbar_inputs()
        sortby = sortby if sortby in sortings else "cups"
        search_in = search_in if search_in in inputs else "all"
        search = (search or "").strip()
        domain = self._energy_supply_domain()
        if search:
            domain = expression.AND(
                [domain, self._get_energy_supply_search_domain(search_in, search)]
            )
        step = self._energy_supplies_per_page
        pager = portal_pager(
            url="/my/supplies",
            url_args={"sortby": sortby, "search": search, "search_in": search_in},
            total=Supply.search_count(domain),
            page=page,
            step=step,
        )
        supplies = Supply.search(
            domain, order=sortings[sortby]["order"], limit=step, offset=pager["offset"]
        )
        partner = self._energy_supply_partner()
        contracts = supplies._portal_contracts_by_point(partner)
        rows = []
        for supply in supplies:
            contract = Supply._portal_current_contract(contracts[supply])
            rows.append(
                {
                    "supply": supply,
                    "contract": contract,
                    "status": supply._portal_status_label(contract),
                    "annual_kwh": self._energy_kwh(supply.annual_kwh_total),
                }
            )
        values.update(
            {
                "supplies": supplies,
                "supply_rows": rows,
                "page_name": "energy_supply",
                "default_url": "/my/supplies",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
            }
        )
        return values

    @http.route(
        ["/my/supplies", "/my/supplies/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_supplies(self, **kwargs):
        values = self._prepare_energy_supplies_values(**kwargs)
        return request.render(
            "energy_customer_portal.portal_my_energy_supplies", values
        )

    # ------------------------------------------------------------------
    # Detail
    # ------------------------------------------------------------------

    @http.route(
        ["/my/supplies/<int:supply_id>"], type="http", auth="user", website=True
    )
    def portal_my_energy_supply(self, supply_id, **kwargs):
        supply = self._energy_supply_get(supply_id)
        if not supply:
            return request.not_found()
        values = self._prepare_energy_supply_values(supply)
        return request.render("energy_customer_portal.portal_my_energy_supply", values)

    def _prepare_energy_supply_values(self, supply):
        """Everything the supply page shows; `supply` is the customer's (sudo),
        and every related record is read through it, never by a raw id."""
        partner = self._energy_supply_partner()
        commercial = partner.commercial_partner_id
        today = fields.Date.context_today(supply)
        contracts = supply._portal_contracts_by_point(partner)[supply]
        contract = supply._portal_current_contract(contracts)
        open_requests = contracts.filtered(
            lambda c: c.state in IN_PROGRESS_STATES and c != contract
        )
        if contract.state in IN_PROGRESS_STATES:
            open_requests = contract | open_requests
        in_force = contract if contract.state in IN_FORCE_STATES else contract.browse()
        tariff = in_force.access_tariff_id or supply.access_tariff_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "energy_supply",
                "supply": supply,
                "tariff": tariff,
                "contract": in_force,
                "status": supply._portal_status_label(contract),
                "withdrawal_limit": (
                    in_force.date_withdrawal_limit
                    if in_force.date_withdrawal_limit
                    and in_force.date_withdrawal_limit >= today
                    else False
                ),
                "powers": self._energy_supply_powers(in_force or supply, tariff),
                "prices": self._energy_supply_prices(in_force, today),
                "versions": in_force.version_ids.sorted(
                    lambda v: (v.date_from, v.id), reverse=True
                ),
                "documents": in_force.document_ids.filtered(
                    lambda d: d.state in RECEIVED_DOCUMENT_STATES and d.attachment_ids
                ),
                "open_requests": [
                    {"request": req, "phase": self._energy_request_phase(req)}
                    for req in open_requests
                ],
                "invoices": self._energy_supply_invoices(supply, commercial, contracts),
                "consumption": self._energy_supply_consumption(
                    supply, commercial, in_force, today
                ),
                "kwh": self._energy_kwh,
            }
        )
        return values

    def _energy_supply_powers(self, record, tariff):
        """Contracted powers of the periods the access tariff has (2.0TD: P1
        and P2)."""
        count = tariff.power_period_count or 0
        return [
            {"label": f"P{period}", "kw": record[f"power_p{period}_kw"]}
            for period in range(1, count + 1)
        ]

    def _energy_supply_prices(self, contract, today):
        """Prices of the contract's product in force today, per period of its
        tariff."""
        product = contract.product_id
        if not product:
            return False
        price = product._get_price_at(today)[product]
        if not price:
            return {"product": product, "price": price}
        tariff = product.access_tariff_id
        return {
            "product": product,
            "price": price,
            "energy": [
                {"label": f"P{period}", "value": price[ENERGY_PRICE_FIELDS[period - 1]]}
                for period in range(1, tariff.energy_period_count + 1)
            ],
            "power": [
                {"label": f"P{period}", "value": price[POWER_PRICE_FIELDS[period - 1]]}
                for period in range(1, tariff.power_period_count + 1)
            ],
        }

    def _energy_request_phase(self, contract):
        """Where a request stands, in plain words: its phase, who must act,
        and what is missing from the customer."""
        holders = {
            "us": request.env._("We are working on it."),
            "customer": request.env._("We are waiting for you."),
            "channel": request.env._("Your sales agent is handling it."),
            "distributor": request.env._("We are waiting for the distributor."),
        }
        missing = contract._get_missing_documents()
        return {
            "phase": dict(
                contract._fields["state"]._description_selection(request.env)
            )[contract.state],
            "ball": holders.get(contract.blocking_party, ""),
            "missing_documents": missing.mapped("document_type_id.name"),
            "to_sign": contract._has_to_be_signed(),
        }

    def _energy_supply_invoices(self, supply, commercial, contracts):
        """The customer's latest posted invoices of this supply point: billed
        on the point, or on one of the customer's contracts on it."""
        return (
            request.env["account.move"]
            .sudo()
            .search(
                [
                    "|",
                    ("energy_supply_point_id", "=", supply.id),
                    ("energy_contract_id", "in", contracts.ids),
                    ("partner_id", "child_of", [commercial.id]),
                    ("move_type", "in", INVOICE_TYPES),
                    ("state", "=", "posted"),
                ],
                order="invoice_date desc, id desc",
                limit=LATEST_INVOICES,
            )
        )

    def _energy_supply_consumption(self, supply, commercial, contract, today):
        """The consumption charts, only while the point is the customer's
        (they hold it or supply it with us): a new holder's request in
        progress does not show the previous holder's consumption."""
        holds = supply.holder_id.commercial_partner_id == commercial
        if not (holds or contract):
            return False
        consumption = supply._portal_consumption(today)
        peak = max(
            [row["kwh"] for row in consumption["months"]]
            + [row["previous_kwh"] for row in consumption["months"]],
            default=0,
        )
        period_peak = max(
            [row["kwh"] for row in consumption["periods"]]
            + [row["previous_kwh"] for row in consumption["periods"]],
            default=0,
        )
        for rows, top in (
            (consumption["months"], peak),
            (consumption["periods"], period_peak),
        ):
            for row in rows:
                row["pct"] = self._energy_bar_height(row["kwh"], top)
                row["previous_pct"] = self._energy_bar_height(row["previous_kwh"], top)
        consumption["months_aria"] = request.env._(
            "Consumption per month: %(total)s kWh in the last 12 months, "
            "%(previous)s kWh in the 12 months before. The figures are in the "
            "table below.",
            total=self._energy_kwh(consumption["total_kwh"]),
            previous=self._energy_kwh(consumption["previous_total_kwh"]),
        )
        by_period = [
            request.env._(
                "%(period)s, %(kwh)s kWh (%(previous)s kWh the year before)",
                period=row["label"],
                kwh=self._energy_kwh(row["kwh"]),
                previous=self._energy_kwh(row["previous_kwh"]),
            )
            for row in consumption["periods"]
        ]
        consumption["periods_aria"] = request.env._(
            "Consumption per period: %(periods)s. The figures are in the table below.",
            periods="; ".join(by_period),
        )
        return consumption

    @staticmethod
    def _energy_bar_height(value, top):
        """Height of a bar in % of the chart, as a plain number for CSS."""
        return f"{(value / top * 100.0) if top else 0.0:.1f}"

    def _energy_kwh(self, value):
        """kWh the way the customer reads numbers (1.234 in Spanish)."""
        return formatLang(request.env, value or 0.0, digits=0)

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------

    @http.route(
        [
            "/my/supplies/<int:supply_id>/documents/<int:document_id>"
            "/<int:attachment_id>"
        ],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_supply_document(
        self, supply_id, document_id, attachment_id, **kwargs
    ):
        """A file the customer sent for their contract, read through the
        chain supply point → their contract → its document → its file."""
        supply = self._energy_supply_get(supply_id)
        if not supply:
            return request.not_found()
        partner = self._energy_supply_partner()
        contracts = supply._portal_contracts_by_point(partner)[supply]
        document = contracts.document_ids.filtered(
            lambda d: d.id == document_id and d.state in RECEIVED_DOCUMENT_STATES
        )
        attachment = document.attachment_ids.filtered(lambda a: a.id == attachment_id)
        if not attachment:
            return request.not_found()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment)
            .get_response(as_attachment=True)
        )
