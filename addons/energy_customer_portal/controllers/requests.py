# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Requests the customer files from the page of one of their active
contracts: /my/contracts/<id>/power, /holder, /termination and /withdrawal.
Every route first finds the contract as the user (record rules) among the
customer's own (commercial partner and its contacts), else 404; only then it
works in sudo, reading the listed form fields and nothing else."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.requests import (
    MAX_FILE_BYTES,
    PORTAL_MAX_FILES,
    PORTAL_TERMINATION_MAX_DAYS,
    PORTAL_TERMINATION_REASONS,
)

CONTRACT_MODEL = "energy.contract"
# The form fields read for each kind of request; anything else is ignored.
REQUEST_FORMS = {
    "modification": (
        "tariff_id",
        *(f"power_p{period}_kw" for period in range(1, 7)),
        "comment",
    ),
    "holder_change": (
        "holder_name",
        "holder_vat",
        "holder_email",
        "holder_phone",
        "comment",
    ),
    "termination": ("termination_reason", "date_wanted", "comment"),
    "withdrawal": (),
}
# URL segment of each kind, and the template of its form.
REQUEST_ROUTES = {
    "modification": ("power", "energy_customer_portal.portal_request_power"),
    "holder_change": ("holder", "energy_customer_portal.portal_request_holder"),
    "termination": (
        "termination",
        "energy_customer_portal.portal_request_termination",
    ),
}


class EnergyCustomerPortalRequests(CustomerPortal):
    # ------------------------------------------------------------------
    # Ownership
    # ------------------------------------------------------------------

    def _energy_own_contract(self, contract_id):
        """The customer's own contract (sudo, after the check), or 404: it is
        searched as the user, so the record rules apply, and among the
        contracts of the user's commercial partner (a channel that sold it
        reads it but does not own it)."""
        Contract = request.env[CONTRACT_MODEL]
        if not Contract.has_access("read"):
            raise NotFound()
        customer = request.env.user.partner_id.commercial_partner_id
        contract = Contract.search(
            [("id", "=", contract_id), ("partner_id", "child_of", customer.ids)],
            limit=1,
        )
        if not contract:
            raise NotFound()
        return contract.sudo()

    # ------------------------------------------------------------------
    # Forms
    # ------------------------------------------------------------------

    def _energy_request_values(self, contract, request_type, form=None, error=None):
        values = self._prepare_portal_layout_values()
        customer = request.env.user.partner_id.commercial_partner_id
        refusals = contract._portal_request_errors(request_type, customer)
        form = form or {}
        values.update(
            {
                "page_name": "energy_contract_request",
                "contract": contract,
                "request_type": request_type,
                "refusals": refusals,
                "error": error,
                "form": form,
            }
        )
        if request_type == "modification":
            tariff = (
                contract._portal_tariff(form.get("tariff_id"))
                or contract.access_tariff_id
            )
            values.update(
                tariffs=contract._portal_tariffs(),
                tariff=tariff,
                periods=range(1, (tariff.power_period_count or 0) + 1),
            )
        elif request_type == "holder_change":
            values["max_files"] = PORTAL_MAX_FILES
        elif request_type == "termination":
            reasons = dict(
                contract._fields["termination_reason"]._description_selection(
                    request.env
                )
            )
            values.update(
                termination_reasons=[
                    (key, reasons[key]) for key in PORTAL_TERMINATION_REASONS
                ],
                max_days=PORTAL_TERMINATION_MAX_DAYS,
            )
        return values

    def _energy_request_page(self, contract_id, request_type, **kw):
        contract = self._energy_own_contract(contract_id)
        url, template = REQUEST_ROUTES[request_type]
        if request.httprequest.method != "POST":
            # the tariff chosen to see its periods comes back by GET
            return request.render(
                template, self._energy_request_values(contract, request_type, kw)
            )
        form = {fname: kw.get(fname) for fname in REQUEST_FORMS[request_type]}
        files = []
        if request_type == "holder_change":
            files = [
                (upload.filename, upload.read(MAX_FILE_BYTES + 1))
                for upload in request.httprequest.files.getlist("documents")
                if upload.filename
            ]
        try:
            new_request = self._energy_file(contract, request_type, form, files)
        except UserError as error:
            return request.render(
                template,
                self._energy_request_values(
                    contract, request_type, form, error.args[0]
                ),
            )
        return request.redirect(
            f"{contract.access_url}?request_filed={new_request.id}#energy_contract_actions"
        )

    def _energy_file(self, contract, request_type, form, files=None):
        user = request.env.user
        with request.env.cr.savepoint():
            return contract._portal_file_request(
                request_type,
                form,
                user,
                ip_address=request.httprequest.remote_addr,
                files=files,
            )

    @http.route(
        ["/my/contracts/<int:contract_id>/power"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_energy_request_power(self, contract_id, **kw):
        return self._energy_request_page(contract_id, "modification", **kw)

    @http.route(
        ["/my/contracts/<int:contract_id>/holder"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_energy_request_holder(self, contract_id, **kw):
        return self._energy_request_page(contract_id, "holder_change", **kw)

    @http.route(
        ["/my/contracts/<int:contract_id>/termination"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_energy_request_termination(self, contract_id, **kw):
        return self._energy_request_page(contract_id, "termination", **kw)

    @http.route(
        ["/my/contracts/<int:contract_id>/withdrawal"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_energy_request_withdrawal(self, contract_id, **kw):
        """One click (and its confirmation in a dialog) on the contract's
        page; a GET only leads back there."""
        contract = self._energy_own_contract(contract_id)
        if request.httprequest.method != "POST":
            return request.redirect(f"{contract.access_url}#energy_contract_actions")
        try:
            new_request = self._energy_file(contract, "withdrawal", {})
        except UserError as error:
            values = self._energy_request_values(
                contract, "withdrawal", error=error.args[0]
            )
            return request.render(
                "energy_customer_portal.portal_request_withdrawal_refused", values
            )
        return request.redirect(
            f"{contract.access_url}?request_filed={new_request.id}#energy_contract_actions"
        )
