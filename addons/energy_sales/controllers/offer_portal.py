# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

OFFER_MODEL = "energy.sales.offer"


class EnergySalesOfferPortal(CustomerPortal):
    """/my/offers/<id>: the offer mailed to the customer, where they read it
    and accept it with their signature. Reached with the mailed link (token)
    or logged in as the customer."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "energy_offer_count" in counters:
            Offer = request.env[OFFER_MODEL]
            values["energy_offer_count"] = (
                Offer.search_count(self._energy_offer_domain())
                if Offer.has_access("read")
                else 0
            )
        return values

    def _energy_offer_domain(self):
        """The offers made to the user's company that were sent to it."""
        commercial = request.env.user.partner_id.commercial_partner_id
        return [
            ("partner_id", "child_of", [commercial.id]),
            ("state", "in", ("sent", "accepted", "expired")),
        ]

    @http.route(
        ["/my/offers", "/my/offers/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_offers(self, page=1, **kw):
        Offer = request.env[OFFER_MODEL]
        if not Offer.has_access("read"):
            return request.redirect("/my")
        domain = self._energy_offer_domain()
        pager = portal_pager(
            url="/my/offers",
            total=Offer.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        # searched as the user: the record rules decide what is listed
        offers = Offer.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_energy_offers_history"] = offers.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "offers": offers.sudo(),
                "pager": pager,
                "page_name": "energy_offer",
                "default_url": "/my/offers",
            }
        )
        return request.render("energy_sales.portal_my_energy_offers", values)

    def _energy_offer_check(self, offer_id, access_token):
        """The offer, sudo, when the visitor may open it; else None."""
        try:
            return self._document_check_access(
                OFFER_MODEL, offer_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return None

    def _energy_offer_is_customer(self, offer_sudo, access_token=None):
        """Only the customer signs: a user of the customer's company, or a
        visitor holding the mailed link."""
        user = request.env.user
        if not user._is_public():
            return bool(offer_sudo.partner_id) and (
                user.partner_id.commercial_partner_id
                == offer_sudo.partner_id.commercial_partner_id
            )
        return bool(
            access_token
            and offer_sudo.access_token
            and consteq(offer_sudo.access_token, access_token)
        )

    def _energy_offer_url(self, offer_sudo, access_token=None, suffix="", **query):
        if access_token:
            query["access_token"] = access_token
        url = f"{offer_sudo.access_url}{suffix}"
        return f"{url}?{url_encode(query)}" if query else url

    @http.route(["/my/offers/<int:offer_id>"], type="http", auth="public", website=True)
    def portal_energy_offer_page(
        self, offer_id, access_token=None, report_type=None, download=False, **kw
    ):
        offer_sudo = self._energy_offer_check(offer_id, access_token)
        if offer_sudo is None:
            return request.render(
                "energy_sales.portal_energy_offer_invalid",
                self._prepare_portal_layout_values(),
                status=404,
            )
        if report_type == "pdf" and offer_sudo.signed_pdf_attachment_id:
            attachment = offer_sudo.signed_pdf_attachment_id
            disposition = "attachment" if download else "inline"
            filename = attachment.name.replace('"', "")
            return request.make_response(
                attachment.raw,
                headers=[
                    ("Content-Type", "application/pdf"),
                    ("Content-Length", len(attachment.raw)),
                    ("Content-Disposition", f'{disposition}; filename="{filename}"'),
                ],
            )
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=offer_sudo,
                report_type=report_type,
                report_ref="energy_sales.action_report_energy_sales_offer",
                download=download,
            )
        is_customer = self._energy_offer_is_customer(offer_sudo, access_token)
        refusal = offer_sudo._portal_acceptance_error()
        values = self._get_page_view_values(
            offer_sudo,
            access_token,
            {
                "offer": offer_sudo,
                "page_name": "energy_offer",
                "message": kw.get("message"),
                "refusal": refusal,
                "can_accept": is_customer and not refusal,
                "accept_url": self._energy_offer_url(
                    offer_sudo, access_token, "/accept"
                ),
                "pdf_url": self._energy_offer_url(
                    offer_sudo, access_token, report_type="pdf"
                ),
                "download_url": self._energy_offer_url(
                    offer_sudo, access_token, report_type="pdf", download="true"
                ),
                "res_company": offer_sudo.company_id,
            },
            "my_energy_offers_history",
            False,
        )
        return request.render("energy_sales.portal_energy_offer_page", values)

    @http.route(
        ["/my/offers/<int:offer_id>/accept"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_energy_offer_accept(
        self, offer_id, access_token=None, name=None, signature=None
    ):
        access_token = access_token or request.httprequest.args.get("access_token")
        offer_sudo = self._energy_offer_check(offer_id, access_token)
        if offer_sudo is None:
            return {
                "error": request.env._(
                    "This offer does not exist or your link is not valid."
                )
            }
        if not self._energy_offer_is_customer(offer_sudo, access_token):
            return {"error": request.env._("Only the customer can accept this offer.")}
        # sudo, but as the real visitor: the chatter names who signed
        offer_sudo = request.env[OFFER_MODEL].sudo().browse(offer_sudo.id)
        httprequest = request.httprequest
        try:
            with request.env.cr.savepoint():
                offer_sudo._accept_from_portal(
                    name,
                    signature,
                    ip_address=httprequest.remote_addr,
                    user_agent=httprequest.headers.get("User-Agent"),
                )
        except UserError as error:
            return {"error": error.args[0]}
        return {
            "force_refresh": True,
            "redirect_url": self._energy_offer_url(
                offer_sudo, access_token, message="sign_ok"
            ),
        }
