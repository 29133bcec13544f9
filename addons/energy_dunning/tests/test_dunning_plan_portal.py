# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDunningPlanPortal(HttpCase):
    """The demo `customer` login (password = login) on /my/payment-plans:
    their demo plans, requesting one, accepting the one collections
    proposed; another customer's plans and invoices stay out of reach."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["energy.dunning.plan"]
        cls.user = cls.env.ref("energy_atr.user_demo_portal_customer")
        cls.customer = cls.user.partner_id.commercial_partner_id
        cls.own_plans = cls.Plan.search([("partner_id", "child_of", cls.customer.id)])
        cls.honoured = cls.own_plans.filtered(lambda plan: plan.state == "active")
        cls.proposed = cls.own_plans.filtered(lambda plan: plan.state == "draft")
        cls.contract = cls.honoured.contract_id
        today = fields.Date.context_today(cls.Plan)
        # a newer bill of the customer, overdue and in no plan
        cls.overdue = cls._bill(cls.contract, today - timedelta(days=3))
        # another customer with an overdue bill and a proposed plan
        Contract = cls.env["energy.contract"]
        cls.other_contract = Contract.search(
            [
                ("state", "=", "active"),
                ("parent_contract_id", "=", False),
                ("partner_id", "not in", cls.customer.child_ids.ids + cls.customer.ids),
            ],
            limit=1,
        )
        cls.other_invoice = cls._bill(cls.other_contract, today - timedelta(days=9))
        cls.other_plan = cls.Plan.create(
            {
                "contract_id": cls.other_contract.id,
                "invoice_ids": [Command.set(cls.other_invoice.ids)],
            }
        )

    @classmethod
    def _bill(cls, contract, due):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": contract.partner_id.id,
                "energy_contract_id": contract.id,
                "invoice_date": due - timedelta(days=20),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Término de energía", "quantity": 1, "price_unit": 90}
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _post(self, url, **data):
        return self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), **data}
        )

    def _events(self, contract):
        return self.env["energy.contract.event"].search_count(
            [("contract_id", "=", contract.id), ("event_type", "=", "dunning")]
        )

    def test_demo_customer_has_a_plan_honoured_and_one_to_accept(self):
        self.assertEqual(len(self.honoured), 1)
        self.assertEqual(self.honoured.instalment_ids.mapped("state").count("paid"), 1)
        self.assertEqual(len(self.proposed), 1)
        self.assertEqual(self.proposed.origin, "collections")

    def test_list_detail_and_counters_show_only_own_plans(self):
        self.authenticate("customer", "customer")
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["energy_plan_count", "energy_plan_to_accept_count"]},
        )
        self.assertEqual(counters["energy_plan_count"], len(self.own_plans))
        self.assertEqual(counters["energy_plan_to_accept_count"], 1)
        page = self.url_open("/my/payment-plans").text
        for plan in self.own_plans:
            self.assertIn(plan.name, page)
        self.assertNotIn(self.other_plan.name, page)
        detail = self.url_open(self.honoured.access_url)
        self.assertEqual(detail.status_code, 200)
        self.assertEqual(
            detail.text.count("o_energy_plan_instalment"),
            len(self.honoured.instalment_ids),
        )
        for plan_id in (self.other_plan.id, 999999999):
            response = self.url_open(f"/my/payment-plans/{plan_id}")
            self.assertEqual(response.status_code, 404)
        with self.assertRaises(AccessError):
            self.other_plan.with_user(self.user).read(["amount"])
        with self.assertRaises(AccessError):
            self.other_plan.instalment_ids.with_user(self.user).read(["amount"])

    def test_customer_accepts_the_proposed_plan_once(self):
        self.authenticate("customer", "customer")
        before = self._events(self.contract)
        response = self._post(f"/my/payment-plans/{self.proposed.id}/accept")
        self.assertEqual(response.status_code, 200)
        self.assertIn("message=accepted", response.url)
        self.assertEqual(self.proposed.state, "active")
        self.assertEqual(
            (self.proposed.acceptance_method, self.proposed.accepted_by_id),
            ("portal", self.user),
        )
        self.assertEqual(self._events(self.contract), before + 1)
        self.assertTrue(
            self.proposed.message_ids.filtered(
                lambda message: self.customer in message.partner_ids
            )
        )
        again = self._post(f"/my/payment-plans/{self.proposed.id}/accept")
        self.assertIn("o_energy_plan_error", again.text)
        self.assertEqual(self._events(self.contract), before + 1)

    def test_accepting_what_is_not_acceptable_changes_nothing(self):
        self.authenticate("customer", "customer")
        response = self._post(f"/my/payment-plans/{self.other_plan.id}/accept")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.other_plan.state, "draft")
        self.proposed.action_cancel()
        response = self._post(f"/my/payment-plans/{self.proposed.id}/accept")
        self.assertIn("o_energy_plan_error", response.text)
        self.assertEqual(self.proposed.state, "cancelled")
        before = self._events(self.contract)
        response = self._post(f"/my/payment-plans/{self.honoured.id}/accept")
        self.assertIn("o_energy_plan_error", response.text)
        self.assertEqual(self._events(self.contract), before)

    def test_customer_requests_a_plan_for_own_overdue_invoices(self):
        self.authenticate("customer", "customer")
        form = self.url_open("/my/payment-plans/new").text
        self.assertIn(self.overdue.name, form)
        self.assertNotIn(self.other_invoice.name, form)
        self.assertIn('for="energy_plan_instalment_count"', form)
        response = self._post(
            "/my/payment-plans/request",
            invoice_ids=self.overdue.id,
            instalment_count=4,
        )
        self.assertIn("message=requested", response.url)
        plan = self.Plan.search([("invoice_ids", "in", self.overdue.ids)])
        self.assertEqual(
            (plan.state, plan.origin, plan.instalment_count, plan.amount),
            ("draft", "portal", 4, 90.0),
        )
        self.assertEqual(plan.partner_id.commercial_partner_id, self.customer)
        self.assertTrue(
            plan.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        )
        # collections review it: the customer cannot accept it themselves
        response = self._post(f"/my/payment-plans/{plan.id}/accept")
        self.assertIn("o_energy_plan_error", response.text)
        self.assertEqual(plan.state, "draft")

    def test_tampered_requests_are_refused_and_create_nothing(self):
        self.authenticate("customer", "customer")
        maximum = self.env.company.energy_plan_max_instalments
        cases = {
            "above the maximum": {
                "invoice_ids": self.overdue.id,
                "instalment_count": maximum + 1,
            },
            "not a number": {"invoice_ids": self.overdue.id, "instalment_count": "x"},
            "another customer's invoice": {
                "invoice_ids": self.other_invoice.id,
                "instalment_count": 2,
            },
            "an invoice already in a plan": {
                "invoice_ids": self.proposed.invoice_ids[:1].id,
                "instalment_count": 2,
            },
            "no invoice": {"instalment_count": 2},
        }
        before = self.Plan.search_count([])
        for name, data in cases.items():
            with self.subTest(name):
                response = self._post("/my/payment-plans/request", **data)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_energy_plan_error", response.text)
        self.assertEqual(self.Plan.search_count([]), before)

    def test_another_portal_user_sees_none_of_these_plans(self):
        other = new_test_user(
            self.env,
            "plan_stranger",
            password="plan_stranger_pw",
            groups="base.group_portal",
            partner_id=self.env["res.partner"].create({"name": "Lucía Ferrer"}).id,
        )
        self.assertFalse(self.Plan.with_user(other).search([]))
        self.authenticate("plan_stranger", "plan_stranger_pw")
        response = self.url_open(self.honoured.access_url)
        self.assertEqual(response.status_code, 404)

    def test_customer_accepts_in_a_real_browser(self):
        self.start_tour(
            self.proposed.access_url,
            "energy_dunning_plan_portal_accept",
            login="customer",
        )
        self.assertEqual(self.proposed.state, "active")
        self.assertEqual(self.proposed.acceptance_method, "portal")
