# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.crm_lead_capture import CAPTURE_FIELDS

# A field humans never see (hidden by CSS, skipped by the tab order): robots
# that fill every input give themselves away.
HONEYPOT_FIELD = "website_url"
UTM_FIELDS = (
    ("utm_campaign", "campaign_id", "odoo_utm_campaign", "utm.campaign"),
    ("utm_source", "source_id", "odoo_utm_source", "utm.source"),
    ("utm_medium", "medium_id", "odoo_utm_medium", "utm.medium"),
)
PRIVACY_URL_PARAM = "energy_sales.privacy_url"


class EnergySalesLeadForm(http.Controller):
    """/energy/contact: the public form where a person or a business asks to
    be contacted about their electricity supply."""

    def _lead_form_values(self, values=None, errors=None, utm=None):
        privacy_url = (
            request.env["ir.config_parameter"]
            .sudo()
            .get_param(PRIVACY_URL_PARAM, "/energy/contact/privacy")
        )
        return {
            "values": values
            or {"customer_type": "individual", "contact_request": "on"},
            "errors": errors or {},
            "utm": utm or self._utm_from_request(),
            "privacy_url": privacy_url,
            "honeypot_field": HONEYPOT_FIELD,
            "company": request.env.company,
        }

    def _utm_from_request(self):
        """UTM names from the query string, else from the cookies the utm
        module sets on any visit of a tagged link."""
        params = request.params
        cookies = request.httprequest.cookies
        return {
            param: (params.get(param) or cookies.get(cookie) or "")[:100]
            for param, __, cookie, __ in UTM_FIELDS
        }

    def _utm_values(self, utm):
        """Ids of the UTM campaign, source and medium named (created when new,
        as the utm module does for tagged links)."""
        Utm = request.env["utm.mixin"].sudo()
        values = {}
        for param, fname, __, model in UTM_FIELDS:
            name = (utm.get(param) or "").strip()[:100]
            if name:
                values[fname] = Utm._find_or_create_record(model, name).id
        return values

    @http.route(
        ["/energy/contact"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=True,
    )
    def energy_lead_form(self, **kw):
        return request.render(
            "energy_sales.energy_lead_form_page", self._lead_form_values()
        )

    @http.route(
        ["/energy/contact/privacy"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def energy_lead_form_privacy(self, **kw):
        return request.render(
            "energy_sales.energy_lead_form_privacy", {"company": request.env.company}
        )

    @http.route(
        ["/energy/contact/submit"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def energy_lead_form_submit(self, **post):
        """CSRF-checked (Odoo refuses a POST without the session's token). The
        same thanks page whether the lead is new, added to an open one or the
        honeypot was filled: the page tells a visitor nothing about our data."""
        values = {fname: (post.get(fname) or "").strip() for fname in CAPTURE_FIELDS}
        flags = {
            name: bool(post.get(name))
            for name in ("contact_request", "marketing_consent", "privacy_accepted")
        }
        utm = {param: (post.get(param) or "")[:100] for param, *__ in UTM_FIELDS}
        if post.get(HONEYPOT_FIELD):
            return request.render("energy_sales.energy_lead_form_thanks", {})
        Lead = request.env["crm.lead"].sudo()
        errors = Lead._capture_errors(values)
        if not flags["privacy_accepted"]:
            errors["privacy_accepted"] = request.env._(
                "Read and accept the privacy notice to send the form."
            )
        httprequest = request.httprequest
        ip_address = httprequest.remote_addr
        Submission = request.env["energy.sales.lead.submission"]
        if not errors and Submission._is_rate_limited(ip_address):
            errors["form"] = request.env._(
                "We have received several requests from your connection in the "
                "last hour. Please try again later or call us."
            )
        if errors:
            form_values = dict(values, **{k: "on" for k, v in flags.items() if v})
            return request.render(
                "energy_sales.energy_lead_form_page",
                self._lead_form_values(form_values, errors, utm),
                status=429 if "form" in errors else 400,
            )
        try:
            with request.env.cr.savepoint():
                Lead._capture_from_form(
                    values,
                    {
                        "origin": "web",
                        "ip_address": ip_address,
                        "user_agent": (httprequest.headers.get("User-Agent") or "")[
                            :512
                        ],
                        **flags,
                    },
                    utm=self._utm_values(utm),
                )
        except UserError as error:
            return request.render(
                "energy_sales.energy_lead_form_page",
                self._lead_form_values(values, {"form": str(error)}, utm),
                status=400,
            )
        return request.render("energy_sales.energy_lead_form_thanks", {})
