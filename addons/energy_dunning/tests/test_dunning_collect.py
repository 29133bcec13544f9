# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .dunning_common import DunningCase
from .test_dunning_guards import BYPASS_CONTEXTS


class CollectCase(DunningCase):
    def _promise(self, contract, amount=120.0, days=5, user=None, **vals):
        return (
            self.env["energy.dunning.promise"]
            .with_user(user or self.collector)
            .create(
                {
                    "contract_id": contract.id,
                    "amount": amount,
                    "date_promised": self.today + timedelta(days=days),
                    **vals,
                }
            )
        )

    def _pay(self, invoice, amount=None):
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount} if amount else {})
        )
        wizard._create_payments()


@tagged("post_install", "-at_install")
class TestDunningPromise(CollectCase):
    """A promise to pay pauses the ladder until its date; the daily cron says
    from the payments received whether it was kept or broken."""

    def setUp(self):
        super().setUp()
        self.contract = self._contract()
        self.invoice = self._invoice(self.contract, due=self.today - timedelta(days=10))

    def test_recorded_in_the_history_with_the_note(self):
        promise = self._promise(self.contract, note="Cobra la nómina el día 5")
        self.assertEqual(promise.state, "pending")
        self.assertEqual(promise.user_id, self.collector)
        event = self._events(self.contract, "promise")
        self.assertIn("Cobra la nómina el día 5", event.reason)

    def test_a_pending_promise_pauses_the_ladder_until_its_date(self):
        promise = self._promise(self.contract, days=5)
        Run = self.env["credit.control.run"].with_user(self.collector)
        policies = [p.id for p in self.policies.values()]
        run = Run.create({"date": self.today, "policy_ids": [(6, 0, policies)]})
        run.generate_credit_lines()
        self.assertNotIn(self.invoice, run.line_ids.invoice_id)
        # the date passed without the money: broken, the ladder resumes
        kept, broken = self.env["energy.dunning.promise"]._cron_check_promises(
            today=promise.date_promised + timedelta(days=1)
        )
        self.assertEqual((kept, broken), (kept.browse(), promise))
        self.assertEqual(promise.state, "broken")
        self.assertTrue(self._events(self.contract, "promise_broken"))
        later = Run.create(
            {
                "date": promise.date_promised + timedelta(days=1),
                "policy_ids": [(6, 0, policies)],
            }
        )
        later.generate_credit_lines()
        self.assertIn(self.invoice, later.line_ids.invoice_id)

    def test_kept_when_the_amount_arrives_by_the_date(self):
        promise = self._promise(self.contract, amount=100.0)
        other = self._promise(self.contract, amount=200.0, days=3)
        self._pay(self.invoice, amount=100.0)
        Promise = self.env["energy.dunning.promise"]
        kept, broken = Promise._cron_check_promises()
        self.assertEqual(kept, promise)
        self.assertFalse(broken)
        self.assertEqual(promise.amount_received, 100.0)
        self.assertEqual(other.state, "pending")
        kept, broken = Promise._cron_check_promises(
            today=other.date_promised + timedelta(days=1)
        )
        self.assertEqual(broken, other)
        self.assertTrue(self._events(self.contract, "promise_kept"))

    def test_the_verdict_is_the_crons(self):
        promise = self._promise(self.contract)
        for context in BYPASS_CONTEXTS:
            with self.subTest(context=context):
                with self.assertRaises(UserError):
                    promise.with_context(**context).write({"state": "kept"})
                with self.assertRaises(UserError):
                    promise.with_context(**context).sudo().write(
                        {"amount_received": 120.0}
                    )
        forced = self._promise(self.contract, state="kept", amount_received=500.0)
        self.assertEqual((forced.state, forced.amount_received), ("pending", 0.0))

    def test_bad_input_is_refused(self):
        with self.assertRaises(UserError):
            self._promise(self.contract, days=-1)
        with self.assertRaises(UserError):
            self._promise(self.contract, amount=-5.0)
        self.assertFalse(
            self.env["energy.dunning.promise"].search(
                [("contract_id", "=", self.contract.id)]
            )
        )

    def test_a_pending_promise_stops_a_cut_until_its_date(self):
        contract = self._contract()
        self._invoice(contract)
        self._serve(self._ladder_to_requerimiento(contract))
        planned = contract._dunning_next_cut_day(self.today + timedelta(days=1))
        promise = self._promise(contract, days=(planned - self.today).days + 2)
        refused = [
            rule
            for rule, passed, _v, _m in contract._dunning_cut_checks(planned)
            if not passed
        ]
        self.assertEqual(refused, ["promise"])
        request, refusals = contract._dunning_request_cut(planned)
        self.assertFalse(request)
        self.assertIn("Promise to pay pending", refusals[0])
        # once its date has passed the promise no longer stops the cut
        after = contract._dunning_next_cut_day(
            promise.date_promised + timedelta(days=1)
        )
        checks = dict(
            (rule, passed)
            for rule, passed, _v, _m in contract._dunning_cut_checks(after)
        )
        self.assertTrue(checks["promise"])


@tagged("post_install", "-at_install")
class TestDunningWorkspace(CollectCase):
    """The workspace: debt per contract and customer, ageing buckets, the
    ladder level, the next action and its date, the collector."""

    def test_refresh_computes_the_debt_the_ageing_and_the_next_action(self):
        contract = self._contract()
        self._invoice(contract, due=self.today + timedelta(days=5), amount=10.0)
        self._invoice(contract, due=self.today - timedelta(days=10), amount=20.0)
        self._invoice(contract, due=self.today - timedelta(days=45), amount=30.0)
        self._invoice(contract, due=self.today - timedelta(days=75), amount=40.0)
        old = self._invoice(contract, due=self.due, amount=50.0)
        Case = self.env["energy.dunning.case"].with_user(self.collector)
        Case.action_refresh()
        case = Case.search([("contract_id", "=", contract.id)])
        self.assertEqual(
            (
                case.amount_not_due,
                case.amount_1_30,
                case.amount_31_60,
                case.amount_61_90,
                case.amount_over_90,
            ),
            (10.0, 20.0, 30.0, 40.0, 50.0),
        )
        self.assertEqual(case.amount_due, 150.0)
        self.assertEqual(case.ageing, "over_90")
        self.assertEqual(case.partner_id, contract.partner_id)
        self.assertEqual(case.level, 0)
        # level 1 of the protected ladder: 7 days after the oldest due date
        self.assertEqual(case.next_action, "level")
        self.assertEqual(case.next_action_date, self.due + timedelta(days=7))
        # after the ladder reached the served requerimiento: the cut date
        line = self._ladder_to_requerimiento(contract).filtered(
            lambda li: li.invoice_id == old
        )
        self._serve(line)
        Case.action_refresh()
        self.assertEqual(case.level, 4)
        self.assertEqual(case.notice_kind, "requerimiento")
        self.assertEqual(
            (case.next_action, case.next_action_date),
            ("cut", line.energy_date_cut_allowed),
        )
        # a promise comes first
        promise = self._promise(contract, days=3)
        Case.action_refresh()
        self.assertEqual(
            (case.next_action, case.next_action_date, case.promise_date),
            ("promise", promise.date_promised, promise.date_promised),
        )
        # filters users rely on
        self.assertIn(case, Case.search([("amount_over_90", ">", 0)]))
        # paid: the case stays (notes kept) without debt
        for invoice in self.env["account.move"].search(
            [("energy_contract_id", "=", contract.id)]
        ):
            self._pay(invoice)
        Case.action_refresh()
        self.assertFalse(case.has_debt)
        self.assertEqual(case.amount_due, 0.0)

    def test_collector_assigned_in_batch_and_kept_by_the_refresh(self):
        contracts = self._contract() | self._contract()
        for contract in contracts:
            self._invoice(contract)
        Case = self.env["energy.dunning.case"].with_user(self.collector)
        Case._refresh()
        cases = Case.search([("contract_id", "in", contracts.ids)])
        other = new_test_user(
            self.env,
            "dunning_collector_2",
            groups="energy_base.group_energy_collections",
        )
        wizard = (
            self.env["energy.dunning.assign"]
            .with_user(self.collector)
            .with_context(active_model="energy.dunning.case", active_ids=cases.ids)
            .create({"user_id": other.id})
        )
        wizard.action_confirm()
        self.assertEqual(cases.user_id, other)
        Case._refresh()
        self.assertEqual(cases.user_id, other)
        self.assertEqual(
            Case.with_user(other).search_count(
                [("user_id", "=", other.id), ("id", "in", cases.ids)]
            ),
            2,
        )
        # a new contract of the same customer goes to the same collector
        third = self._contract()
        self._invoice(third)
        Case._refresh()
        self.assertEqual(Case.search([("contract_id", "=", third.id)]).user_id, other)
        # the figures are the refresh's, for anyone and any context
        for context in BYPASS_CONTEXTS:
            with self.assertRaises(UserError):
                cases.with_context(**context).sudo().write({"amount_due": 0.0})
        with self.assertRaises(UserError):
            wizard.user_id = self.backoffice
            wizard.action_confirm()

    def test_refresh_queries_do_not_grow_with_the_contracts(self):
        Case = self.env["energy.dunning.case"]
        first = self._contract() | self._contract()
        for contract in first:
            self._invoice(contract)
        Case._refresh()
        self.env.invalidate_all()
        with self.assertQueryCount(11):
            Case._refresh()
        more = self._contract() | self._contract() | self._contract()
        for contract in more:
            self._invoice(contract)
            self._invoice(contract, due=self.today - timedelta(days=3))
        Case._refresh()
        self.env.invalidate_all()
        with self.assertQueryCount(11):
            Case._refresh()


@tagged("post_install", "-at_install")
class TestDunningCollectAccess(CollectCase):
    def test_who_sees_the_workspace_and_the_promises(self):
        contract = self._contract()
        self._invoice(contract)
        self.env["energy.dunning.case"]._refresh()
        case = self.env["energy.dunning.case"].search(
            [("contract_id", "=", contract.id)]
        )
        promise = self._promise(contract)
        owner = new_test_user(
            self.env,
            "dunning_promise_owner",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        stranger = new_test_user(
            self.env,
            "dunning_promise_stranger",
            groups="base.group_portal",
            partner_id=self.env["res.partner"].create({"name": "Otra Clienta"}).id,
        )
        self.assertEqual(promise.with_user(owner).read(["amount"])[0]["amount"], 120.0)
        with self.assertRaises(AccessError):
            promise.with_user(stranger).read(["amount"])
        with self.assertRaises(AccessError):
            promise.with_user(owner).write({"note": "pagado"})
        for user in (owner, self.backoffice):
            with self.assertRaises(AccessError):
                case.with_user(user).read(["amount_due"])
        with self.assertRaises(AccessError):
            self._promise(contract, user=self.backoffice)
        with self.assertRaises(AccessError):
            self.env["energy.dunning.case"].with_user(self.collector).create(
                {"contract_id": contract.id}
            )
