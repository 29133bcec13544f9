# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .dunning_common import DunningCase

# Context keys a client could send hoping to write a guarded figure: none may.
BYPASS_CONTEXTS = (
    {},
    {"energy_guard_released": True, "force": True},
    {"install_mode": True, "tracking_disable": True},
)


@tagged("post_install", "-at_install")
class TestDunningPlan(DunningCase):
    """Payment plans as collections work them: proposed from the contract or
    a dunning step, accepted, followed from the payments, broken by the daily
    cron when an instalment is missed, every step in the contract's history."""

    def setUp(self):
        super().setUp()
        self.contract = self._contract()
        self.old = self._invoice(self.contract, amount=60.0)
        self.new = self._invoice(
            self.contract, due=self.due + timedelta(days=30), amount=40.0
        )
        self.Plan = self.env["energy.dunning.plan"].with_user(self.collector)

    def _propose(self, invoices=None, count=3, start=None, contract=None):
        return self.Plan.create(
            {
                "contract_id": (contract or self.contract).id,
                "invoice_ids": [Command.set((invoices or self.old | self.new).ids)],
                "instalment_count": count,
                "date_start": start or self.today + timedelta(days=1),
            }
        )

    def _accept(self, plan, method="phone"):
        action = plan.action_accept()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.collector)
            .with_context(**action["context"])
        )
        wizard.method = method
        return wizard.save().action_confirm()

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {"amount": amount, "payment_difference_handling": "open"}
        ).action_create_payments()

    def _steps(self, contract=None):
        return [
            step
            for step in self._events(contract or self.contract).mapped("field_name")
            if step.startswith("plan_")
        ]

    # ------------------------------------------------------------------
    # Proposal and schedule
    # ------------------------------------------------------------------

    def test_proposed_from_the_contract_with_a_schedule_adding_up_to_the_debt(self):
        action = self.contract.with_user(self.collector).action_propose_dunning_plan()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(form.contract_id, self.contract)
        form.date_start = self.today + timedelta(days=5)
        plan = form.save()
        self.assertEqual(plan.invoice_ids, self.old | self.new)
        self.assertEqual((plan.state, plan.amount), ("draft", 100.0))
        instalments = plan.instalment_ids
        self.assertEqual(instalments.mapped("amount"), [33.33, 33.33, 33.34])
        self.assertEqual(sum(instalments.mapped("amount")), plan.amount)
        self.assertEqual(
            instalments.mapped("date_due"),
            [
                self.today + timedelta(days=5) + relativedelta(months=n)
                for n in range(3)
            ],
        )
        # the older invoice is settled first; the second instalment straddles
        self.assertEqual(instalments[0].invoice_ids, self.old)
        self.assertEqual(instalments[1].invoice_ids, self.old | self.new)
        self.assertEqual(instalments[2].invoice_ids, self.new)
        self.assertEqual(self._steps(), ["plan_proposed"])
        self.assertIn("100.00", self._events(self.contract, "plan_proposed").reason)
        # revising the terms rebuilds the schedule, and it is logged
        plan.instalment_count = 4
        self.assertEqual(plan.instalment_ids.mapped("amount"), [25.0, 25.0, 25.0, 25.0])
        self.assertEqual(self._steps(), ["plan_proposed", "plan_revised"])

    def test_proposed_from_a_dunning_step(self):
        line = self._run(7).line_ids.filtered(
            lambda line: line.energy_contract_id == self.contract
        )[:1]
        action = line.with_user(self.collector).action_energy_propose_plan()
        plan = Form(self.env[action["res_model"]].with_context(**action["context"]))
        plan = plan.save()
        self.assertIn(line.invoice_id, plan.invoice_ids)
        self.assertEqual(plan.contract_id, self.contract)

    def test_terms_that_are_not_allowed_are_refused(self):
        other = self._contract()
        foreign = self._invoice(other)
        not_due = self._invoice(self.contract, due=self.today + timedelta(days=3))
        self._propose(self.old)
        cases = {
            "above the maximum": {"invoices": self.new, "count": 13},
            "another contract's invoice": {"invoices": foreign},
            "not overdue yet": {"invoices": not_due},
            "already in an open plan": {"invoices": self.old},
        }
        before = self.env["energy.dunning.plan"].search_count([])
        for name, values in cases.items():
            with self.subTest(name), self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    self._propose(**values)
        self.assertEqual(self.env["energy.dunning.plan"].search_count([]), before)
        self.env.company.energy_plan_max_instalments = 18
        self.assertEqual(len(self._propose(self.new, count=13).instalment_ids), 13)

    # ------------------------------------------------------------------
    # Acceptance, payments, done
    # ------------------------------------------------------------------

    def test_collections_record_the_acceptance_and_how(self):
        plan = self._propose()
        with self.assertRaises(UserError):
            plan._energy_accept(False)
        self._accept(plan, "phone")
        self.assertEqual(plan.state, "active")
        self.assertEqual(
            (plan.acceptance_method, plan.accepted_by_id),
            ("phone", self.collector),
        )
        event = self._events(self.contract, "plan_accepted")
        self.assertEqual(event.user_id, self.collector)
        self.assertIn("(By phone)", event.reason)
        self.assertIn(self.collector.name, event.reason)
        with self.assertRaisesRegex(UserError, "not awaiting acceptance"):
            self._accept(plan)
        self.assertEqual(len(self._events(self.contract, "plan_accepted")), 1)

    def test_payments_fill_the_instalments_in_due_date_order_until_done(self):
        plan = self._propose()
        self._accept(plan)
        self._pay(self.old, 40.0)
        first, second, third = plan.instalment_ids
        self.assertEqual((first.state, first.amount_paid), ("paid", 33.33))
        self.assertEqual((second.state, second.amount_paid), ("pending", 6.67))
        self.assertEqual(third.amount_paid, 0.0)
        self.assertEqual(first.date_paid, self.today)
        self.assertEqual(plan.amount_paid, 40.0)
        self.assertEqual(self._steps().count("plan_instalment_paid"), 1)
        self._pay(self.old, 20.0)
        self._pay(self.new, 40.0)
        self.assertEqual(plan.instalment_ids.mapped("state"), ["paid"] * 3)
        self.assertEqual(plan.state, "done")
        self.assertEqual(
            self._steps(),
            ["plan_proposed", "plan_accepted"]
            + ["plan_instalment_paid"] * 3
            + ["plan_done"],
        )

    # ------------------------------------------------------------------
    # Missed instalment: the cron breaks the plan, the ladder resumes
    # ------------------------------------------------------------------

    def test_a_missed_instalment_breaks_the_plan_and_the_ladder_resumes(self):
        plan = self._propose(self.old | self.new)
        self._accept(plan)
        cron = self.env.ref("energy_dunning.cron_energy_dunning_plan_check")
        run = self._run(7)
        self.assertNotIn(self.old, run.line_ids.invoice_id)
        grace = self.env.company.energy_plan_grace_days
        due = plan.instalment_ids[0].date_due
        with freeze_time(due + timedelta(days=grace)):
            cron.method_direct_trigger()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.instalment_ids[0].state, "overdue")
        with freeze_time(due + timedelta(days=grace + 1)):
            cron.method_direct_trigger()
        self.assertEqual(plan.state, "broken")
        self.assertEqual(self._steps()[-2:], ["plan_instalment_missed", "plan_broken"])
        missed = self._events(self.contract, "plan_instalment_missed")
        self.assertIn("33.33", missed.reason)
        self.assertTrue(
            plan.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        )
        run = self._run(20)
        self.assertIn(self.old, run.line_ids.invoice_id)

    def test_the_cron_leaves_plans_paid_on_time(self):
        plan = self._propose(self.old, count=2)
        self._accept(plan)
        self._pay(self.old, plan.instalment_ids[0].amount)
        due = plan.instalment_ids[0].date_due
        with freeze_time(due + timedelta(days=30)):
            self.env["energy.dunning.plan"]._cron_check_instalments()
        self.assertEqual(plan.state, "active")

    def test_cancelled_plan_cannot_be_accepted(self):
        plan = self._propose()
        plan.action_cancel()
        self.assertEqual(plan.state, "cancelled")
        self.assertEqual(self._steps(), ["plan_proposed", "plan_cancelled"])
        with self.assertRaises(UserError):
            self._accept(plan)
        with self.assertRaises(UserError):
            plan.action_cancel()

    # ------------------------------------------------------------------
    # Guards and access
    # ------------------------------------------------------------------

    def test_no_one_writes_the_state_or_the_figures_directly(self):
        plan = self._propose()
        instalment = plan.instalment_ids[0]
        attempts = {
            "plan state": (plan, {"state": "done"}),
            "plan amount": (plan, {"amount": 1.0}),
            "plan paid": (plan, {"amount_paid": 100.0}),
            "acceptance": (plan, {"acceptance_method": "portal"}),
            "instalment amount": (instalment, {"amount": 1.0}),
            "instalment paid": (instalment, {"amount_paid": 33.33}),
            "instalment state": (instalment, {"state": "paid"}),
        }
        for name, (record, vals) in attempts.items():
            for context in BYPASS_CONTEXTS:
                for who in (record.with_user(self.collector), record.sudo()):
                    with self.subTest(name, context=context, su=who.env.su):
                        with self.assertRaises(UserError):  # AccessError included
                            who.with_context(**context).write(vals)
        with self.assertRaises(UserError):
            self.env["energy.dunning.plan.instalment"].sudo().create(
                {"plan_id": plan.id, "amount": 5.0, "state": "paid"}
            )
        with self.assertRaises(UserError):
            self.Plan.create(
                {
                    "contract_id": self.contract.id,
                    "invoice_ids": [Command.set(self.new.ids)],
                    "state": "active",
                }
            )
        for commands in (
            [Command.create({"sequence": 9, "amount": 1.0})],
            [Command.update(instalment.id, {"amount": 1.0})],
            [Command.delete(instalment.id)],
        ):
            with self.subTest(commands=commands), self.assertRaises(UserError):
                plan.with_user(self.collector).write({"instalment_ids": commands})
        self.assertEqual((plan.state, plan.amount), ("draft", 100.0))
        self.assertEqual(instalment.state, "pending")
        self.assertEqual(len(plan.instalment_ids), 3)
        self._accept(plan)
        with self.assertRaisesRegex(UserError, "only change while it is proposed"):
            plan.write({"instalment_count": 1})

    def test_only_collections_propose_accept_and_cancel(self):
        plan = self._propose()
        self.assertTrue(plan.with_user(self.backoffice).read(["amount"]))
        with self.assertRaises(AccessError):
            self.env["energy.dunning.plan"].with_user(self.backoffice).create(
                {"contract_id": self.contract.id}
            )
        with self.assertRaises(AccessError):
            plan.with_user(self.backoffice).action_cancel()
        with self.assertRaises(AccessError):
            self.env["energy.dunning.plan.accept"].with_user(self.backoffice).create(
                {"plan_id": plan.id, "method": "phone"}
            )
        self.assertEqual(plan.state, "draft")

    # ------------------------------------------------------------------
    # Volume
    # ------------------------------------------------------------------

    def test_the_cron_does_not_query_per_plan(self):
        def plans(count):
            invoices = self.env["account.move"].browse(
                [self._invoice(self.contract, amount=30.0).id for _n in range(count)]
            )
            result = self.Plan.create(
                [
                    {
                        "contract_id": self.contract.id,
                        "invoice_ids": [Command.set(invoice.ids)],
                        "instalment_count": 2,
                        "date_start": self.today + timedelta(days=1),
                    }
                    for invoice in invoices
                ]
            )
            result._energy_accept("phone")
            return result

        def cron_queries():
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(self.today + timedelta(days=2)):
                before = self.cr.sql_log_count
                self.env["energy.dunning.plan"]._cron_check_instalments()
                self.env.flush_all()
                return self.cr.sql_log_count - before

        few = plans(2)
        few_queries = cron_queries()
        self.assertGreater(few_queries, 0)
        many = plans(8)
        self.env.cr.execute(
            "UPDATE energy_dunning_plan_instalment SET state = 'pending' "
            "WHERE plan_id = ANY(%s)",
            [(few | many).ids],
        )
        self.assertEqual(cron_queries(), few_queries)
        self.assertEqual(
            set(
                (few | many)
                .instalment_ids.filtered(lambda i: i.sequence == 1)
                .mapped("state")
            ),
            {"overdue"},
        )

    def test_the_history_names_each_plan_step_and_its_chain_holds(self):
        plan = self._propose()
        plan.action_cancel()
        events = self._events(self.contract).filtered(
            lambda event: event.field_name.startswith("plan_")
        )
        self.assertEqual(
            events.mapped("field_label"),
            ["Payment plan proposed", "Payment plan cancelled"],
        )
        history = self.Event.search([("contract_id", "=", self.contract.id)])
        self.assertFalse(history._verify_chain())
