# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import consteq

from odoo.addons.energy_contract.models.lifecycle import (
    ENDED_STATES,
    IN_PROGRESS_STATES,
)
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

CONTRACT_MODEL = "energy.contract"
OPEN_STATES = IN_PROGRESS_STATES
CLOSED_STATES = ENDED_STATES


class EnergyContractPortal(CustomerPortal):
    """/my/contracts: a customer's own requests, a channel's requests (its
    own and its sub-channels'), and the page where the customer signs."""

    # ------------------------------------------------------------------
    # Home counters
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Contract = request.env[CONTRACT_MODEL]
        can_read = Contract.has_access("read")
        partner = request.env.user.partner_id
        if "energy_contract_count" in counters:
            values["energy_contract_count"] = (
                Contract.search_count(self._prepare_energy_contracts_domain(partner))
                if can_read
                else 0
            )
        if "energy_contract_to_sign_count" in counters:
            values["energy_contract_to_sign_count"] = (
                Contract.search_count(
                    self._prepare_energy_contracts_to_sign_domain(partner)
                )
                if can_read
                else 0
            )
        return values

    def _prepare_energy_contracts_domain(self, partner):
        """The customer's own requests, and the requests sold by the user's
        channel and its sub-channels (same reach as the portal record rule)."""
        commercial = partner.commercial_partner_id
        return [
            "|",
            ("partner_id", "child_of", [commercial.id]),
            ("channel_id", "child_of", [commercial.id]),
        ]

    def _prepare_energy_contracts_to_sign_domain(self, partner):
        return [
            ("partner_id", "child_of", [partner.commercial_partner_id.id]),
            ("state", "=", "signature"),
            ("date_signed", "=", False),
        ]

    # ------------------------------------------------------------------
    # List
    # ------------------------------------------------------------------

    def _get_energy_contract_searchbar_sortings(self):
        return {
            "date": {
                "label": request.env._("Newest"),
                "order": "date_requested desc, id desc",
            },
            "name": {"label": request.env._("Reference"), "order": "name desc"},
            "state": {
                "label": request.env._("Phase"),
                "order": "state, date_requested desc",
            },
        }

    def _get_energy_contract_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "to_sign": {
                "label": request.env._("To sign"),
                "domain": [("state", "=", "signature"), ("date_signed", "=", False)],
            },
            "open": {
                "label": request.env._("In progress"),
                "domain": [("state", "in", OPEN_STATES)],
            },
            "active": {
                "label": request.env._("Active"),
                "domain": [("state", "=", "active")],
            },
            "closed": {
                "label": request.env._("Closed"),
                "domain": [("state", "in", CLOSED_STATES)],
            },
        }

    def _get_energy_contract_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": request.env._("Search in all")},
            "name": {"input": "name", "label": request.env._("Search in reference")},
            "cups": {"input": "cups", "label": request.env._("Search in CUPS")},
            "customer": {
                "input": "customer",
                "label": request.env._("Search in customer"),
            },
        }

    def _get_energy_contract_search_domain(self, search_in, search):
        by_input = {
            "name": [("name", "ilike", search)],
            "cups": [("cups", "ilike", search.replace(" ", "").upper())],
            "customer": [("partner_id.name", "ilike", search)],
        }
        if search_in in by_input:
            return by_input[search_in]
        return expression.OR(list(by_input.values()))

    def _prepare_energy_contracts_values(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kwargs
    ):
        Contract = request.env[CONTRACT_MODEL]
        values = self._prepare_portal_layout_values()
        sortings = self._get_energy_contract_searchbar_sortings()
        filters = self._get_energy_contract_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = expression.AND(
            [
                self._prepare_energy_contracts_domain(request.env.user.partner_id),
                filters[filterby]["domain"],
            ]
        )
        if search:
            domain = expression.AND(
                [domain, self._get_energy_contract_search_domain(search_in, search)]
            )
        pager = portal_pager(
            url="/my/contracts",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            },
            total=Contract.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        # Searched as the user: the record rules decide what the list shows.
        contracts = Contract.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values.update(
            {
                "contracts": contracts.sudo(),
                "page_name": "energy_contract",
                "default_url": "/my/contracts",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": self._get_energy_contract_searchbar_inputs(),
                "search_in": search_in,
                "search": search,
                "user_partner": request.env.user.partner_id.commercial_partner_id,
            }
        )
        return values

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_contracts(self, **kwargs):
        if not request.env[CONTRACT_MODEL].has_access("read"):
            return request.redirect("/my")
        values = self._prepare_energy_contracts_values(**kwargs)
        request.session["my_energy_contracts_history"] = values["contracts"].ids[:100]
        return request.render(
            "energy_contract_portal.portal_my_energy_contracts", values
        )

    # ------------------------------------------------------------------
    # Detail
    # ------------------------------------------------------------------

    @http.route(
        ["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True
    )
    def portal_energy_contract_page(
        self,
        contract_id,
        access_token=None,
        report_type=None,
        download=False,
        message=False,
        **kw,
    ):
        try:
            contract_sudo = self._document_check_access(
                CONTRACT_MODEL, contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")

        if report_type == "pdf" and contract_sudo.signed_pdf_attachment_id:
            return self._show_signed_document(contract_sudo, download)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=contract_sudo,
                report_type=report_type,
                report_ref="energy_contract.action_report_energy_contract",
                download=download,
            )
        values = self._get_page_view_values(
            contract_sudo,
            access_token,
            {
                "contract": contract_sudo,
                "page_name": "energy_contract",
                "message": message,
                "can_sign": self._energy_contract_can_sign(contract_sudo, access_token),
                "sign_url": self._energy_contract_url(
                    contract_sudo, access_token, "/sign"
                ),
                "pdf_url": self._energy_contract_url(
                    contract_sudo, access_token, report_type="pdf"
                ),
                "download_url": self._energy_contract_url(
                    contract_sudo, access_token, report_type="pdf", download="true"
                ),
                "res_company": contract_sudo.company_id,
            },
            "my_energy_contracts_history",
            False,
            **kw,
        )
        return request.render(
            "energy_contract_portal.energy_contract_portal_template", values
        )

    def _show_signed_document(self, contract_sudo, download):
        """The exact file the customer signed, never a new rendering."""
        attachment = contract_sudo.signed_pdf_attachment_id
        disposition = "attachment" if download else "inline"
        filename = attachment.name.replace('"', "")
        return request.make_response(
            attachment.raw,
            headers=[
                ("Content-Type", attachment.mimetype or "application/pdf"),
                ("Content-Length", len(attachment.raw)),
                ("Content-Disposition", f'{disposition}; filename="{filename}"'),
            ],
        )

    # ------------------------------------------------------------------
    # Signature
    # ------------------------------------------------------------------

    def _energy_contract_can_sign(self, contract_sudo, access_token=None):
        """Only the customer signs: a user of the customer's company, or an
        anonymous visitor holding the link mailed to the customer (token). A
        channel or back-office user sees the request but does not sign for the
        customer (the back-office records signatures made elsewhere)."""
        if not contract_sudo._has_to_be_signed():
            return False
        user = request.env.user
        if not user._is_public():
            return (
                user.partner_id.commercial_partner_id
                == contract_sudo.partner_id.commercial_partner_id
            )
        return bool(
            access_token
            and contract_sudo.access_token
            and consteq(contract_sudo.access_token, access_token)
        )

    def _energy_contract_url(
        self, contract_sudo, access_token=None, suffix="", **query
    ):
        """URL of the request's page, carrying the token only for visitors who
        came with it (a logged-in user never receives it in the page)."""
        if access_token:
            query["access_token"] = access_token
        url = f"{contract_sudo.access_url}{suffix}"
        return f"{url}?{url_encode(query)}" if query else url

    @http.route(
        ["/my/contracts/<int:contract_id>/sign"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_energy_contract_sign(
        self, contract_id, access_token=None, name=None, signature=None
    ):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            contract_sudo = self._document_check_access(
                CONTRACT_MODEL, contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return {
                "error": request.env._(
                    "This contract request does not exist or you cannot open it."
                )
            }
        # Same record, sudo but as the real user: the history and the chatter
        # name who signed (the portal user, or the public user of a token link).
        contract_sudo = request.env[CONTRACT_MODEL].sudo().browse(contract_sudo.id)
        error = contract_sudo._get_signature_error()
        if error:
            return {"error": error}
        if not self._energy_contract_can_sign(contract_sudo, access_token):
            return {"error": request.env._("Only the customer can sign this contract.")}
        httprequest = request.httprequest
        try:
            with request.env.cr.savepoint():
                contract_sudo._sign_from_portal(
                    name,
                    signature,
                    ip_address=httprequest.remote_addr,
                    user_agent=httprequest.headers.get("User-Agent"),
                )
        except UserError as error:
            return {"error": error.args[0]}
        return {
            "force_refresh": True,
            "redirect_url": self._energy_contract_url(
                contract_sudo, access_token, message="sign_ok"
            ),
        }
