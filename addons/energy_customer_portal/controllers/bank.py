# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invoices, the SEPA mandate and the IBAN on the customer portal.

/my/invoices (Odoo's account portal) shows each electricity bill's supply
point, billed period and payment status, filters by supply point and by
pending payment and totals what is pending. /my/bank shows the customer's
direct debit: mandates, masked account, contracts debited, and lets them
change the account; the change applies only once they follow the link mailed
to them. Every route works on the logged-in customer's own records only."""

from stdnum import iban as stdnum_iban
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request
from odoo.osv import expression
from odoo.tools import html2plaintext

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.bank import mask_iban

CHANGE_MODEL = "energy.portal.bank.change"
PENDING_DOMAIN = [
    ("move_type", "=", "out_invoice"),
    ("payment_state", "in", ("not_paid", "partial")),
]
# Rows of a page of /my/invoices: a phone shows about this many, and each row
# costs the account portal a payment-terms computation (Odoo's 80 rows took
# 250 ms of server time under load for a customer billed monthly on three
# supply points for two years, scripts/bench-portal).
INVOICES_PER_PAGE = 20


class EnergyInvoicePortal(PortalAccount):
    """The account portal's invoice list, for electricity bills."""

    @property
    def _items_per_page(self):
        """INVOICES_PER_PAGE on the invoice list, Odoo's page size on the
        other lists. The account portal reads this attribute both for the
        search's limit and for the pager; read per request, so concurrent
        requests of other lists keep theirs."""
        if request and request.httprequest.path.startswith("/my/invoices"):
            return INVOICES_PER_PAGE
        return super()._items_per_page

    def _get_account_searchbar_filters(self):
        filters = super()._get_account_searchbar_filters()
        filters["pending"] = {
            "label": request.env._("Pending payment"),
            "domain": PENDING_DOMAIN,
        }
        return filters

    def _energy_invoice_supply_points(self):
        """{supply point (sudo): its contracts} of the user's invoices, in
        CUPS order. Invoices are grouped as the user (the record rules decide
        what is counted) by contract, whose supply point is read afterwards."""
        Move = request.env["account.move"]
        if not Move.has_access("read"):
            return {}
        groups = Move._read_group(
            expression.AND(
                [
                    self._get_invoices_domain("out"),
                    [("energy_contract_id", "!=", False)],
                ]
            ),
            ["energy_contract_id"],
        )
        # sudo after the search: only contracts of the user's own invoices
        contracts = request.env["energy.contract"].union(*(c for (c,) in groups))
        points = {}
        for contract in contracts.sudo().sorted(lambda c: (c.cups or "", c.id)):
            points.setdefault(contract.supply_point_id, contract.browse())
            points[contract.supply_point_id] |= contract
        return points

    def _prepare_my_invoices_values(
        self,
        page,
        date_begin,
        date_end,
        sortby,
        filterby,
        domain=None,
        url="/my/invoices",
    ):
        points = self._energy_invoice_supply_points()
        point = self._energy_invoice_supply_point_filter(points)
        if point:
            domain = expression.AND(
                [domain or [], [("energy_contract_id", "in", points[point].ids)]]
            )
        values = super()._prepare_my_invoices_values(
            page, date_begin, date_end, sortby, filterby, domain=domain, url=url
        )
        if point:
            values["pager"]["url_args"]["supply_point"] = point.id
        list_invoices = values["invoices"]

        def energy_invoices(pager_offset):
            invoices = list_invoices(pager_offset)
            if isinstance(invoices, list):
                self._energy_add_invoice_values(invoices)
            return invoices

        values.update(
            {
                "invoices": energy_invoices,
                "energy_supply_points": points,
                "energy_supply_point": point,
                "energy_pending": self._energy_pending_totals(domain),
            }
        )
        return values

    def _energy_invoice_supply_point_filter(self, points):
        """The supply point the list is filtered by, only one of the user's
        own; any other id is refused (404)."""
        raw = request.params.get("supply_point")
        if not raw:
            return None
        try:
            point_id = int(raw)
        except (TypeError, ValueError):
            raise NotFound() from None
        for point in points:
            if point.id == point_id:
                return point
        raise NotFound()

    def _energy_pending_totals(self, domain):
        """[(currency, amount)] still to pay of the listed invoices."""
        Move = request.env["account.move"]
        if not Move.has_access("read"):
            return []
        groups = Move._read_group(
            expression.AND([domain or [], self._get_invoices_domain(), PENDING_DOMAIN]),
            ["currency_id"],
            ["amount_residual:sum", "__count"],
        )
        return [
            {"currency": currency, "amount": amount, "count": count}
            for currency, amount, count in groups
        ]

    def _energy_add_invoice_values(self, invoices):
        """Add to each invoice of the list (dicts of the account portal) its
        supply point, billed period and payment status, in a few queries for
        the whole page."""
        moves = request.env["account.move"].union(*(i["invoice"] for i in invoices))
        # the list's links carry each invoice's access token: create the
        # missing ones for the page at once, not with a write per invoice
        moves._portal_ensure_tokens()
        statuses = moves._energy_portal_payment_statuses()
        sudo_moves = moves.sudo()
        for invoice in invoices:
            move = sudo_moves.browse(invoice["invoice"].id)
            invoice.update(
                {
                    "energy_status": statuses[move.id],
                    "energy_cups": move._energy_portal_cups(),
                    "energy_date_start": move.energy_date_start,
                    "energy_date_end": move.energy_date_end,
                }
            )

    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        values = super()._invoice_get_page_view_values(invoice, access_token, **kwargs)
        values.update(
            {
                "energy_status": invoice._energy_portal_payment_statuses()[invoice.id],
                "energy_cups": invoice.sudo()._energy_portal_cups(),
            }
        )
        return values


class EnergyBankPortal(CustomerPortal):
    """/my/bank: the customer's direct debit and the change of account."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "energy_bank_contract_count" in counters:
            values["energy_bank_contract_count"] = len(
                request.env[CHANGE_MODEL]._portal_contracts(self._energy_customer())
            )
        return values

    def _energy_customer(self):
        return request.env.user.partner_id.commercial_partner_id

    def _energy_mandates(self, customer):
        """The customer's mandates in force (sudo: searched on their own
        commercial partner only)."""
        return (
            request.env["account.banking.mandate"]
            .sudo()
            .search(
                [("partner_id", "=", customer.id), ("state", "=", "valid")],
                order="signature_date desc, id desc",
            )
        )

    def _energy_bank_values(self, **extra):
        customer = self._energy_customer()
        Change = request.env[CHANGE_MODEL]
        contracts = Change._portal_contracts(customer)
        mandates = self._energy_mandates(customer)
        by_account = {
            (m.company_id.id, m.partner_bank_id.sanitized_acc_number): m
            for m in mandates
        }
        rows = [
            {
                "contract": contract,
                "iban": mask_iban(contract.bank_iban),
                "mandate": by_account.get(
                    (
                        contract.company_id.id,
                        stdnum_iban.compact(contract.bank_iban or ""),
                    )
                ),
            }
            for contract in contracts
        ]
        pending = (
            Change.sudo()
            .search(
                [
                    ("partner_id", "=", customer.id),
                    ("state", "=", "pending"),
                    ("date_expiry", ">", fields.Datetime.now()),
                ],
                limit=1,
            )
            .filtered(lambda change: change.user_id == request.env.user)
        )
        scheme = Change._portal_scheme(customer)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "energy_bank",
                "customer": customer,
                "mandates": [
                    {
                        "mandate": mandate,
                        "iban": mask_iban(mandate.partner_bank_id.acc_number),
                        "contracts": [
                            row["contract"] for row in rows if row["mandate"] == mandate
                        ],
                    }
                    for mandate in mandates
                ],
                "contract_rows": rows,
                "pending_change": pending,
                "scheme": scheme,
                "form": {"holder_name": customer.name},
            }
        )
        values.update(extra)
        return values

    @http.route(["/my/bank"], type="http", auth="user", website=True)
    def portal_my_energy_bank(self, message=None, **kw):
        values = self._energy_bank_values(
            message=message if message in ("requested", "confirmed") else None
        )
        return request.render("energy_customer_portal.portal_my_energy_bank", values)

    @http.route(
        ["/my/bank/change"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_energy_bank_change(self, iban=None, holder_name=None, **kw):
        """Record the change, pending the customer's confirmation. Only the
        IBAN, the holder and the consent are read from the form: the customer,
        the scheme and the mandate text are decided here."""
        Change = request.env[CHANGE_MODEL]
        customer = self._energy_customer()
        accepted = kw.get("accept_mandate") == "on"
        error = Change._portal_request_error(customer, iban, holder_name, accepted)
        if error:
            values = self._energy_bank_values(
                error=error,
                form={"iban": iban or "", "holder_name": holder_name or ""},
            )
            return request.render(
                "energy_customer_portal.portal_my_energy_bank", values
            )
        httprequest = request.httprequest
        mandate_text = html2plaintext(
            request.env["ir.qweb"]._render(
                "energy_customer_portal.portal_energy_mandate_text",
                {
                    "scheme": Change._portal_scheme(customer),
                    "company": request.env.company,
                },
            )
        )
        Change._portal_request(
            request.env.user,
            iban,
            holder_name,
            mandate_text,
            httprequest.remote_addr,
            httprequest.headers.get("User-Agent"),
        )
        return request.redirect("/my/bank?message=requested")

    def _energy_own_change(self, change_id, token):
        """The change request of the logged-in user whose token matches, or
        404: another customer's link, a wrong or missing token."""
        change = request.env[CHANGE_MODEL].sudo().browse(change_id).exists()
        if (
            not change
            or change.user_id != request.env.user
            or not change._portal_token_matches(token)
        ):
            raise NotFound()
        return change

    @http.route(
        ["/my/bank/confirm/<int:change_id>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_energy_bank_confirm_page(self, change_id, token=None, **kw):
        """What the mailed link opens: the change to confirm, with a button
        (a GET never changes anything: mail scanners open links)."""
        change = self._energy_own_change(change_id, token)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "energy_bank_confirm",
                "change": change,
                "token": token,
                "error": change._portal_confirm_error(),
            }
        )
        return request.render(
            "energy_customer_portal.portal_energy_bank_confirm", values
        )

    @http.route(
        ["/my/bank/confirm/<int:change_id>"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_energy_bank_confirm(self, change_id, token=None, **kw):
        change = self._energy_own_change(change_id, token)
        # one confirmation at a time: a second click waits, then finds it used
        change._portal_lock()
        error = change._portal_confirm_error()
        if not error:
            httprequest = request.httprequest
            change._portal_confirm(
                httprequest.remote_addr, httprequest.headers.get("User-Agent")
            )
            return request.redirect("/my/bank?message=confirmed")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "energy_bank_confirm",
                "change": change,
                "token": token,
                "error": error,
            }
        )
        return request.render(
            "energy_customer_portal.portal_energy_bank_confirm", values
        )
