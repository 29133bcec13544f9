# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command, sql_db
from odoo.exceptions import UserError
from odoo.tests import tagged

from .dunning_common import DunningCase


@tagged("post_install", "-at_install")
class TestDunningLadder(DunningCase):
    def test_segment_is_chosen_from_the_contract_facts(self):
        home = self._contract()
        self.assertEqual(home.dunning_segment, "protected")
        bonus = self._contract(has_bono_social=True)
        self.assertEqual(bonus.dunning_segment, "social_bonus")
        second_home = self._contract(is_habitual_dwelling=False)
        self.assertEqual(second_home.dunning_segment, "business")
        home.write({"power_p1_kw": 10.392, "power_p2_kw": 10.392})
        self.assertEqual(home.dunning_segment, "business")
        firm = self.env["res.partner"].create(
            {"name": "Talleres Norte, S.L.", "is_company": True, "vat": "ESB36385870"}
        )
        shop = self._contract()
        shop.partner_id = firm
        self.assertEqual(shop.dunning_segment, "business")

    def test_a_run_walks_the_ladder_of_the_contract_policy(self):
        contract = self._contract()
        invoice = self._invoice(contract)
        expected = [
            (7, 1, "email", "reminder"),
            (20, 2, "email", "second_notice"),
            (30, 3, "letter", "nonpayment_notice"),
            (37, 4, "letter", "requerimiento"),
        ]
        for days, level, channel, kind in expected:
            with self.subTest(level=level):
                run = self._run(days)
                line = run.line_ids.filtered(lambda li: li.invoice_id == invoice)
                self.assertEqual(len(line), 1)
                self.assertEqual(line.policy_id, self.policies["protected"])
                self.assertEqual(
                    (line.level, line.channel, line.energy_notice_kind),
                    (level, channel, kind),
                )
                # issued: the test server has no SMTP, e-mails end in error
                self.assertIn(line.state, ("queued", "sent", "email_error"))
                self.assertEqual(line.energy_contract_id, contract)
        self.assertEqual(invoice.sudo().credit_policy_id, self.policies["protected"])
        self.assertEqual(len(self._events(contract, "issued")), 4)
        self.assertFalse(contract._verify_history()[contract][0])

    def _draft_run(self, days_after_due):
        """A run whose lines are left in draft (not made ready), and the
        queries it made on the credit-control lines."""
        run = (
            self.env["credit.control.run"]
            .with_user(self.collector)
            .create(
                {
                    "date": self.due + timedelta(days=days_after_due),
                    "policy_ids": [Command.set([p.id for p in self.policies.values()])],
                }
            )
        )
        self.env.flush_all()
        queries = []
        execute = sql_db.Cursor.execute

        def counting(cr, query, params=None, log_exceptions=True):
            if "credit_control_line" in str(getattr(query, "code", query)):
                queries.append(query)
            return execute(cr, query, params, log_exceptions)

        with patch.object(sql_db.Cursor, "execute", counting):
            run.generate_credit_lines()
            self.env.flush_all()
        return run, len(queries)

    def test_a_new_run_ignores_the_drafts_it_replaces_in_the_same_queries(self):
        """The drafts a run left at a level are ignored by the next run that
        reaches the level again (OCA's rule), read for the whole level at
        once: the run's queries do not grow with the number of invoices."""
        contract = self._contract()
        first = self._invoice(contract)
        run, _queries = self._draft_run(7)
        self.assertEqual(run.line_ids.invoice_id, first)
        self.assertEqual(run.line_ids.state, "draft")
        rerun, one_invoice = self._draft_run(8)
        self.assertEqual(run.line_ids.state, "ignored")
        self.assertEqual(
            (rerun.line_ids.invoice_id, rerun.line_ids.level, rerun.line_ids.state),
            (first, 1, "draft"),
        )
        more = self.env["account.move"]
        for amount in (60.0, 75.0, 90.0, 105.0):
            more |= self._invoice(contract, amount=amount)
        third, five_invoices = self._draft_run(9)
        self.assertEqual(third.line_ids.invoice_id, first | more)
        self.assertEqual(set(rerun.line_ids.mapped("state")), {"ignored"})
        # (mail's follower subscription of each new line queries per line
        # when the customer follows: Odoo's, not the run's)
        self.assertEqual(five_invoices, one_invoice)

    def test_the_planner_learns_of_a_policys_lines_before_the_next_policy(self):
        """A run that generated many lines for a policy analyzes the lines
        table (its own uncommitted rows included) before the next policy's
        level queries are planned."""
        contract = self._contract()
        self._invoice(contract)
        self._invoice(contract, amount=80.0)
        policy_class = type(self.env["credit.control.policy"])
        self.patch(policy_class, "_energy_analyze_after", 2)
        run, _queries = self._draft_run(7)
        self.assertEqual(len(run.line_ids), 2)
        self.env.cr.execute("SELECT count(*) FROM credit_control_line")
        rows = self.env.cr.fetchone()[0]
        self.env.cr.execute(
            "SELECT reltuples FROM pg_class WHERE relname = 'credit_control_line'"
        )
        self.assertEqual(self.env.cr.fetchone()[0], rows)

    def test_a_paid_invoice_leaves_the_ladder(self):
        contract = self._contract()
        invoice = self._invoice(contract)
        self._run(7)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        run = self._run(20)
        self.assertFalse(run.line_ids.filtered(lambda li: li.invoice_id == invoice))

    def test_the_legal_period_runs_from_the_served_date(self):
        contract = self._contract(has_bono_social=True)
        self._invoice(contract)
        requerimiento = self._ladder_to_requerimiento(contract)
        self.assertEqual(requerimiento.policy_id, self.policies["social_bonus"])
        self.assertFalse(requerimiento.energy_date_cut_allowed)
        served = self.due + timedelta(days=45)
        self._serve(requerimiento, served, method="registered_letter")
        self.assertEqual(
            (
                requerimiento.energy_service_method,
                requerimiento.energy_proof_ref,
                requerimiento.energy_date_served,
            ),
            ("registered_letter", "BUROFAX-2026-0001", served),
        )
        self.assertEqual(
            requerimiento.energy_date_cut_allowed, served + relativedelta(months=4)
        )
        event = self._events(contract, "served")
        self.assertEqual(len(event), 1)
        self.assertIn("BUROFAX-2026-0001", event.reason)

    def test_bad_service_input_is_refused_and_changes_nothing(self):
        contract = self._contract()
        self._invoice(contract)
        requerimiento = self._ladder_to_requerimiento(contract)
        reminder = self.Line.search(
            [("energy_contract_id", "=", contract.id), ("level", "=", 1)]
        )
        cases = {
            "future": (requerimiento, {"served": self.today + timedelta(days=1)}),
            "before issue": (requerimiento, {"served": self.due}),
            "no proof": (requerimiento, {"proof_ref": "  "}),
            "not formal": (reminder, {}),
        }
        for name, (line, vals) in cases.items():
            with self.subTest(name), self.assertRaises(UserError):
                self._serve(line, vals.pop("served", None), **vals)
        self.assertFalse(requerimiento.energy_date_served)
        self.assertFalse(self._events(contract, "served"))
        self._serve(requerimiento)
        with self.assertRaisesRegex(UserError, "already recorded"):
            self._serve(requerimiento)

    def test_no_one_writes_the_service_fields_directly(self):
        contract = self._contract()
        self._invoice(contract)
        requerimiento = self._ladder_to_requerimiento(contract)
        attempts = {
            "collector": requerimiento.with_user(self.collector),
            "superuser": requerimiento.sudo(),
            "context key": requerimiento.sudo().with_context(
                energy_guard_released=True, energy_dunning_force=True
            ),
        }
        for name, line in attempts.items():
            with self.subTest(name), self.assertRaises(UserError):
                line.write({"energy_date_served": self.today})
        self.assertFalse(requerimiento.energy_date_served)

    def test_the_ladder_pauses_for_an_open_claim_or_an_honoured_plan(self):
        claimed = self._contract()
        claimed_invoice = self._invoice(claimed)
        planned = self._contract()
        planned_invoice = self._invoice(planned)
        running = self._contract()
        running_invoice = self._invoice(running)
        self.env["helpdesk.ticket"].create(
            {
                "name": "Factura incorrecta",
                "description": "<p>No estoy de acuerdo.</p>",
                "partner_id": self.customer.id,
                "disputed_invoice_ref": claimed_invoice.name,
            }
        )
        plan = (
            self.env["energy.dunning.plan"]
            .with_user(self.collector)
            .create(
                {
                    "contract_id": planned.id,
                    "invoice_ids": [Command.set(planned_invoice.ids)],
                }
            )
        )
        plan._energy_accept("phone")
        run = self._run(7)
        self.assertIn(running_invoice, run.line_ids.invoice_id)
        self.assertNotIn(claimed_invoice, run.line_ids.invoice_id)
        self.assertNotIn(planned_invoice, run.line_ids.invoice_id)
        self.assertEqual(
            self._events(planned).mapped("field_name"),
            ["plan_proposed", "plan_accepted"],
        )
