# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

SURVEY_ANSWER_MODEL = "survey.user_input"
# the consent history rows shown under the preferences form
CONSENT_HISTORY_LIMIT = 10


class EnergyProfilePortal(CustomerPortal):
    """/my/account gains the customer's communication preferences (notices,
    electronic bill, marketing consent with its history); /my/surveys lists
    the surveys sent to the customer."""

    # ------------------------------------------------------------------
    # Home counters
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "energy_survey_count" in counters:
            values["energy_survey_count"] = (
                request.env[SURVEY_ANSWER_MODEL]
                .sudo()
                .search_count(self._energy_survey_domain())
            )
        return values

    # ------------------------------------------------------------------
    # Communication preferences on /my/account
    # ------------------------------------------------------------------

    @http.route()
    def account(self, redirect=None, **post):
        response = super().account(redirect=redirect, **post)
        if getattr(response, "qcontext", None) is not None:
            response.qcontext.update(self._energy_preferences_values())
        return response

    def _energy_preferences_values(self):
        partner = request.env.user.partner_id
        args = request.httprequest.args
        return {
            "energy_notice_channels": partner._fields[
                "energy_notice_channel"
            ]._description_selection(request.env),
            "energy_consent_given": partner.marketing_consent
            and not partner.is_blacklisted,
            # the customer's own history, read for them (no access of theirs)
            "energy_consents": request.env["energy.marketing.consent"]
            .sudo()
            .search([("partner_id", "=", partner.id)], limit=CONSENT_HISTORY_LIMIT),
            "energy_preferences_saved": args.get("preferences") == "saved",
            # the message is kept server-side, never echoed from the URL
            "energy_preferences_error": request.session.pop(
                "energy_preferences_error", None
            ),
        }

    @http.route(
        "/my/account/preferences",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_energy_preferences(self, **post):
        """Save the preferences of the logged-in user's own partner. Only the
        three preference fields are read from the form: any other field
        (a partner id...) is ignored."""
        partner = request.env.user.partner_id
        values = {
            "energy_notice_channel": post.get("energy_notice_channel") or False,
            "energy_electronic_invoice": post.get("energy_electronic_invoice") == "1",
            "marketing_consent": post.get("marketing_consent") == "1",
        }
        httprequest = request.httprequest
        try:
            with request.env.cr.savepoint():
                partner.sudo()._energy_update_preferences(
                    values,
                    "portal",
                    ip_address=httprequest.remote_addr,
                    ua=httprequest.user_agent.string,
                )
        except UserError as error:
            request.session["energy_preferences_error"] = error.args[0]
            return request.redirect("/my/account#energy_preferences")
        return request.redirect("/my/account?preferences=saved#energy_preferences")

    # ------------------------------------------------------------------
    # Surveys
    # ------------------------------------------------------------------

    def _energy_survey_domain(self):
        """The answers invited for the user's customer (the commercial
        partner and its contacts), test entries left out."""
        customer = request.env.user.partner_id.commercial_partner_id
        return [
            ("partner_id", "child_of", [customer.id]),
            ("test_entry", "=", False),
        ]

    @http.route(
        ["/my/surveys", "/my/surveys/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_surveys(self, page=1, **kw):
        # portal users have no access to survey answers: the domain, built
        # from the logged-in user only, is the ownership check
        Answer = request.env[SURVEY_ANSWER_MODEL].sudo()
        domain = self._energy_survey_domain()
        pager = portal_pager(
            url="/my/surveys",
            total=Answer.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        answers = Answer.search(
            domain,
            order="create_date desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        now = fields.Datetime.now()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "answers": answers,
                "answer_status": {
                    answer.id: self._energy_survey_status(answer, now)
                    for answer in answers
                },
                "page_name": "energy_survey",
                "default_url": "/my/surveys",
                "pager": pager,
            }
        )
        return request.render("energy_customer_portal.portal_my_energy_surveys", values)

    @staticmethod
    def _energy_survey_status(answer, now):
        """done, expired (deadline passed or survey closed) or pending."""
        if answer.state == "done":
            return "done"
        if (answer.deadline and answer.deadline < now) or not answer.survey_id.active:
            return "expired"
        return "pending"
