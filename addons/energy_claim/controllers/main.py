# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's portal: file a claim (the reason in plain words mapped to
its CNMC subtype, among their own supply points and contracts only) and
follow one by its tracking code. helpdesk_mgmt creates portal tickets as
superuser, so everything the customer sends is checked here."""

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class EnergyClaimPortal(HelpdeskTicketController):
    def _claim_customer_data(self):
        """The portal user's own supply points and contracts."""
        customer = request.env.user.partner_id.commercial_partner_id
        points = (
            request.env["energy.supply.point"]
            .sudo()
            .search([("holder_id", "child_of", customer.ids)], order="cups")
        )
        contracts = (
            request.env["energy.contract"]
            .sudo()
            .search([("partner_id", "child_of", customer.ids)], order="id desc")
        )
        return points | contracts.supply_point_id, contracts

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        points, contracts = self._claim_customer_data()
        values.update(
            claim_subtypes=request.env["energy.claim.subtype"]
            .sudo()
            .search([("portal_label", "!=", False)], order="code"),
            claim_supply_points=points,
            claim_contracts=contracts,
        )
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        vals.update(self._claim_portal_values(kw))
        return vals

    def _claim_portal_values(self, kw):
        """Claim values from the portal form, refused with a clear message
        when they name something that is not the customer's."""
        env = request.env
        values = {"origin": "portal"}
        if kw.get("claim_subtype"):
            subtype = (
                env["energy.claim.subtype"]
                .sudo()
                .search(
                    [
                        ("id", "=", self._claim_int(kw["claim_subtype"])),
                        ("portal_label", "!=", False),
                    ]
                )
            )
            if not subtype:
                raise UserError(env._("Choose one of the claim reasons offered."))
            values["claim_subtype_id"] = subtype.id
        points, contracts = self._claim_customer_data()
        point_ids = [
            self._claim_int(value)
            for value in request.httprequest.form.getlist("claim_supply_point")
            if value
        ]
        if set(point_ids) - set(points.ids):
            raise UserError(env._("You can only claim about your own supply points."))
        if point_ids:
            values["supply_point_ids"] = [(6, 0, point_ids)]
        if kw.get("claim_contract"):
            contract_id = self._claim_int(kw["claim_contract"])
            if contract_id not in contracts.ids:
                raise UserError(env._("You can only claim about your own contracts."))
            values["contract_id"] = contract_id
        return values

    @staticmethod
    def _claim_int(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise UserError(request.env._("Invalid value: %s", value)) from None

    @http.route("/claim/track", type="http", auth="public", website=True)
    def claim_track(self, code=None, vat=None, **kw):
        """Follow a claim with its tracking code and the customer's NIF, no
        account needed."""
        claim = request.env["helpdesk.ticket"]
        if code and vat:
            claim = claim.sudo()._find_by_tracking_code(code, vat)
        return request.render(
            "energy_claim.portal_claim_track",
            {"claim": claim, "code": code or "", "searched": bool(code and vat)},
        )


class EnergyClaimCustomerPortal(CustomerPortalHelpdesk):
    @http.route(
        "/my/ticket/<int:ticket_id>/answer", type="http", auth="public", website=True
    )
    def portal_claim_answer(
        self, ticket_id, access_token=None, report_type="pdf", download=False, **kw
    ):
        """The answer letter of the customer's own resolved claim."""
        try:
            claim = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if claim.state != "resolved" or report_type not in ("pdf", "html"):
            return request.redirect(f"/my/ticket/{ticket_id}")
        return self._show_report(
            model=claim,
            report_type=report_type,
            report_ref="energy_claim.action_report_claim_answer",
            download=download,
        )
