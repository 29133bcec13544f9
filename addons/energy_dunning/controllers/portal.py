# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's payment plans on the portal: follow them instalment by
instalment, request one for their overdue invoices, accept the one that
collections proposed. Every route works only on the customer's own plans,
contracts and invoices (commercial partner); whatever else a form sends is
refused with a clear message and changes nothing."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PLAN_MODEL = "energy.dunning.plan"


class EnergyDunningPlanPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Home counters
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Plan = request.env[PLAN_MODEL]
        can_read = Plan.has_access("read")
        partner = request.env.user.partner_id
        if "energy_plan_count" in counters:
            values["energy_plan_count"] = (
                Plan.search_count(self._energy_plan_domain(partner)) if can_read else 0
            )
        if "energy_plan_to_accept_count" in counters:
            values["energy_plan_to_accept_count"] = (
                Plan.search_count(self._energy_plan_to_accept_domain(partner))
                if can_read
                else 0
            )
        return values

    def _energy_plan_domain(self, partner):
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    def _energy_plan_to_accept_domain(self, partner):
        return self._energy_plan_domain(partner) + [
            ("state", "=", "draft"),
            ("origin", "=", "collections"),
        ]

    # ------------------------------------------------------------------
    # Ownership
    # ------------------------------------------------------------------

    def _energy_own_plan(self, plan_id):
        """The customer's own plan (sudo, after the check), or 404."""
        try:
            plan = self._document_check_access(PLAN_MODEL, plan_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        customer = request.env.user.partner_id.commercial_partner_id
        if plan.partner_id.commercial_partner_id != customer:
            raise NotFound()
        return plan

    def _energy_overdue_invoices(self):
        """{contract: overdue invoices not in an open plan} of the customer."""
        customer = request.env.user.partner_id.commercial_partner_id
        contracts = (
            request.env["energy.contract"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", customer.ids),
                    ("state", "=", "active"),
                    ("parent_contract_id", "=", False),
                ],
                order="id",
            )
        )
        result = {}
        for contract in contracts:
            invoices = contract._dunning_plan_invoices()
            if invoices:
                result[contract] = invoices
        return result

    @staticmethod
    def _energy_int(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise UserError(
                request.env._("Invalid value: %(value)s", value=value)
            ) from None

    # ------------------------------------------------------------------
    # List and detail
    # ------------------------------------------------------------------

    @http.route(
        ["/my/payment-plans", "/my/payment-plans/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_energy_plans(self, page=1, **kw):
        Plan = request.env[PLAN_MODEL]
        if not Plan.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        domain = self._energy_plan_domain(request.env.user.partner_id)
        pager = portal_pager(
            url="/my/payment-plans",
            total=Plan.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        # searched as the user: the record rules decide what the list shows
        plans = Plan.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values.update(
            {
                "plans": plans.sudo(),
                "page_name": "energy_plan",
                "default_url": "/my/payment-plans",
                "pager": pager,
                "can_request": bool(self._energy_overdue_invoices()),
                "message": kw.get("message"),
            }
        )
        return request.render("energy_dunning.portal_my_energy_plans", values)

    @http.route(
        ["/my/payment-plans/<int:plan_id>"], type="http", auth="user", website=True
    )
    def portal_energy_plan_page(self, plan_id, message=None, error=None, **kw):
        plan = self._energy_own_plan(plan_id)
        values = self._get_page_view_values(
            plan,
            None,
            {
                "plan": plan,
                "page_name": "energy_plan",
                "message": message,
                "error": error,
                "can_accept": plan.state == "draft" and plan.origin == "collections",
            },
            "my_energy_plans_history",
            False,
            **kw,
        )
        return request.render("energy_dunning.portal_energy_plan_page", values)

    # ------------------------------------------------------------------
    # Accept a proposal
    # ------------------------------------------------------------------

    @http.route(
        ["/my/payment-plans/<int:plan_id>/accept"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_energy_plan_accept(self, plan_id, **kw):
        plan = self._energy_own_plan(plan_id)
        user = request.env.user
        try:
            with request.env.cr.savepoint():
                plan.with_user(user).sudo()._energy_accept("portal", user=user)
        except UserError as error:
            return self.portal_energy_plan_page(plan_id, error=error.args[0])
        plan._energy_notify_customer(
            lambda plan: plan.env._(
                "You have accepted payment plan %(plan)s: %(count)s monthly "
                "instalments, the first one due on %(date)s. Thank you.",
                plan=plan.name,
                count=len(plan.instalment_ids),
                date=plan.instalment_ids[:1].date_due,
            )
        )
        return request.redirect(f"{plan.access_url}?message=accepted")

    # ------------------------------------------------------------------
    # Request a plan
    # ------------------------------------------------------------------

    @http.route(["/my/payment-plans/new"], type="http", auth="user", website=True)
    def portal_energy_plan_new(self, error=None, **kw):
        if not request.env[PLAN_MODEL].has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "energy_plan_new",
                "overdue": self._energy_overdue_invoices(),
                "max_instalments": request.env.company.energy_plan_max_instalments,
                "error": error,
                "form": kw,
            }
        )
        return request.render("energy_dunning.portal_energy_plan_new", values)

    @http.route(
        ["/my/payment-plans/request"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_energy_plan_request(self, **kw):
        if not request.env[PLAN_MODEL].has_access("read"):
            return request.redirect("/my")
        try:
            contract, invoices, count = self._energy_plan_request_values(kw)
            with request.env.cr.savepoint():
                plan = request.env[PLAN_MODEL]._energy_request_from_portal(
                    contract, invoices, count, request.env.user
                )
        except UserError as error:
            return self.portal_energy_plan_new(error=error.args[0], **kw)
        return request.redirect(f"{plan.access_url}?message=requested")

    def _energy_plan_request_values(self, kw):
        """(contract, invoices, instalments) from the request form, only of
        the customer's own overdue invoices, or a clear refusal."""
        env = request.env
        overdue = self._energy_overdue_invoices()
        invoice_ids = {
            self._energy_int(value)
            for value in request.httprequest.form.getlist("invoice_ids")
            if value
        }
        if not invoice_ids:
            raise UserError(env._("Choose the overdue invoices to pay in instalments."))
        contracts = [
            contract
            for contract, invoices in overdue.items()
            if invoice_ids <= set(invoices.ids)
        ]
        if not contracts:
            raise UserError(
                env._(
                    "Choose overdue invoices of one of your contracts that are not "
                    "in a payment plan yet."
                )
            )
        contract = contracts[0]
        count = self._energy_int(kw.get("instalment_count"))
        maximum = env.company.energy_plan_max_instalments
        if not 1 <= count <= maximum:
            raise UserError(
                env._("Choose between 1 and %(maximum)s instalments.", maximum=maximum)
            )
        return (
            contract,
            overdue[contract].filtered(lambda m: m.id in invoice_ids),
            count,
        )
