# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import Form

from .common import BillingCase


class TestBillingRun(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Run = cls.env["energy.billing.run"]

    def _run(self, date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), **vals):
        form = Form(self.Run.with_user(self.backoffice))
        form.date_from = date_from
        form.date_to = date_to
        form.invoice_date = vals.get("invoice_date", date(2026, 2, 3))
        if vals.get("estimate_missing"):
            form.estimate_missing = True
        run = form.save()
        run.action_start()
        return run

    def _bills_of(self, contract):
        return self.env["energy.bill"].search([("contract_id", "=", contract.id)])

    def test_run_posts_one_invoice_matching_the_engine(self):
        contract = self._active_contract(self.home, self.home_product)
        self._reading(self.home, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120])
        run = self._run()
        bill = self._bills_of(contract)
        self.assertEqual(len(bill), 1)
        self.assertEqual(bill.run_id, run)
        move = bill.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.move_type, "out_invoice")
        self.assertEqual(move.partner_id, self.holder)
        self.assertEqual(move.energy_contract_id, contract)
        self.assertEqual(move.energy_supply_point_id, self.home)
        self.assertEqual(
            (move.energy_date_start, move.energy_date_end),
            (date(2026, 1, 1), date(2026, 1, 31)),
        )
        # the hand-computed bill of test_bill_engine: 53.04 + 11.14 VAT
        self.assertAlmostEqual(move.amount_untaxed, 53.04, places=2)
        self.assertAlmostEqual(move.amount_tax, 11.14, places=2)
        self.assertAlmostEqual(move.amount_total, 64.18, places=2)
        # VAT 21 % of the Spanish chart, 20 days to pay (RD 897/2017 art. 18)
        self.assertEqual(set(move.invoice_line_ids.tax_ids.mapped("amount")), {21.0})
        self.assertEqual(move.invoice_date_due, date(2026, 2, 23))
        self.assertEqual(run.state, "done")
        self.assertEqual(run.bill_count, 1)
        # the contract's smart button opens its invoices
        self.assertEqual(contract.energy_invoice_count, 1)
        action = contract.action_view_energy_invoices()
        self.assertEqual(self.env["account.move"].search(action["domain"]), move)

    def test_run_is_idempotent(self):
        contract = self._active_contract(self.home, self.home_product)
        self._reading(self.home, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120])
        self._run()
        second = self._run()
        self.assertEqual(len(self._bills_of(contract)), 1)
        self.assertFalse(second.bill_ids)
        # and importing the same reading again changes nothing either
        self._reading(self.home, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120])
        self.assertEqual(
            self.Reading.search_count([("supply_point_id", "=", self.home.id)]), 1
        )

    def test_run_lists_what_it_could_not_bill(self):
        home = self._active_contract(self.home, self.home_product)
        shop = self._active_contract(
            self.shop_point, self.shop_product, partner=self.shop
        )
        # the shop's reading is from before its product has prices
        self._reading(
            self.shop_point, date(2026, 1, 1), date(2026, 1, 31), [1, 1, 1, 1, 1, 1]
        )
        self.shop_product.price_ids.date_from = date(2026, 1, 10)
        run = self._run()
        issues = {
            issue.contract_id: issue.reason
            for issue in run.issue_ids
            if issue.contract_id in home | shop
        }
        self.assertEqual(issues, {home: "missing_reading", shop: "missing_price"})
        self.assertFalse(run.bill_ids.filtered(lambda b: b.contract_id in home | shop))

    def test_estimated_window_is_regularised_by_the_real_reading(self):
        contract = self._active_contract(self.home, self.home_product)
        self.env["energy.supply.point.consumption"].create(
            [
                {
                    "supply_point_id": self.home.id,
                    "date_start": date(2025, month, 1),
                    "date_end": date(2025, month, 28),
                    "source": "sips",
                    "kwh_p1": 73,
                    "kwh_p2": 0,
                    "kwh_p3": 0,
                }
                for month in range(1, 13)
            ]
        )
        self.assertEqual(self.home.annual_kwh_p1, 876)
        run = self._run(estimate_missing=True)
        estimate = run.bill_ids.reading_id
        self.assertTrue(estimate.is_estimated)
        # 876 kWh a year × 31 / 365 days = 74.400 kWh
        self.assertAlmostEqual(estimate.kwh_p1, 74.4, places=3)
        estimated_move = run.bill_ids.move_id
        # the real reading of the same window arrives: credit note + new bill
        real = self._reading(
            self.home, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120]
        )
        self.assertEqual(estimate.state, "superseded")
        bills = self._bills_of(contract)
        self.assertEqual(len(bills), 2)
        old, new = bills.sorted("id")
        self.assertEqual(old.state, "credited")
        self.assertEqual(old.credit_move_id.move_type, "out_refund")
        self.assertEqual(old.credit_move_id.reversed_entry_id, estimated_move)
        self.assertEqual(estimated_move.payment_state, "reversed")
        self.assertEqual(new.reading_id, real)
        self.assertAlmostEqual(new.move_id.amount_total, 64.18, places=2)

    def test_corrected_reading_of_a_paid_bill_credits_and_rebills(self):
        contract = self._active_contract(self.home, self.home_product)
        self._reading(self.home, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120])
        run = self._run()
        first = run.bill_ids.move_id
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=first.ids
        ).create({}).action_create_payments()
        self.assertIn(first.payment_state, ("paid", "in_payment"))
        self._reading(self.home, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 100])
        old, new = self._bills_of(contract).sorted("id")
        self.assertEqual(old.state, "credited")
        credit = old.credit_move_id
        self.assertEqual(credit.state, "posted")
        self.assertAlmostEqual(credit.amount_total, 64.18, places=2)
        # 20 kWh less in P3: 11.84 → 9.87 (100 × 0.0987), tax and VAT follow
        self.assertLess(new.move_id.amount_total, 64.18)
        self.assertEqual(new.state, "posted")

    @freeze_time("2031-02-02")
    def test_cron_bills_last_month_and_late_readings(self):
        # (2031: a month the demo runs, relative to today, do not cover)
        contract = self._active_contract(self.home, self.home_product)
        late = self._reading(
            self.home, date(2030, 11, 1), date(2030, 11, 30), [1, 2, 3]
        )
        self._reading(self.home, date(2031, 1, 1), date(2031, 1, 31), [60, 70, 120])
        # the cron works on its own cursor: it sees what is written
        self.env.flush_all()
        self.env.ref(
            "energy_billing.ir_cron_energy_billing_run"
        ).method_direct_trigger()
        run = self.Run.search([("date_from", "=", date(2031, 1, 1))])
        self.assertEqual(len(run), 1)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.date_to, date(2031, 1, 31))
        mine = run.bill_ids.filtered(lambda b: b.contract_id == contract)
        # January, and November that arrived late
        self.assertEqual(len(mine), 2)
        self.assertEqual(late.bill_id.move_id.energy_date_end, date(2030, 11, 30))
        # a second pass the same day creates no second run nor bill
        self.env.ref(
            "energy_billing.ir_cron_energy_billing_run"
        ).method_direct_trigger()
        self.assertEqual(
            self.Run.search_count([("date_from", "=", date(2031, 1, 1))]), 1
        )
        self.assertEqual(len(self._bills_of(contract)), 2)

    def test_interrupted_run_resumes_where_it_stopped(self):
        first = self._active_contract(self.home, self.home_product)
        second = self._active_contract(
            self.shop_point, self.shop_product, partner=self.shop
        )
        self._reading(self.home, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120])
        self._reading(
            self.shop_point, date(2026, 1, 1), date(2026, 1, 31), [9, 9, 0, 0, 0, 9]
        )
        run = self.Run.with_user(self.backoffice).create(
            {"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)}
        )
        # what a run interrupted after its first batch left behind
        run._write_guarded({"state": "running", "contract_count": 2})
        run._process_batch(first)
        run._write_guarded({"last_contract_id": first.id, "processed_count": 1})
        self.assertEqual(run.progress, 50.0)
        run.action_start()
        self.assertEqual(run.state, "done")
        mine = run.bill_ids.filtered(lambda b: b.contract_id in first | second)
        self.assertEqual(mine.contract_id, first | second)
        self.assertEqual(len(mine), 2)

    def test_igic_zone_is_billed_with_igic_taxes_only(self):
        contract = self._active_contract(self.canary_home, self.home_product)
        self._reading(
            self.canary_home, date(2026, 1, 1), date(2026, 1, 31), [50, 60, 100]
        )
        run = self._run()
        issue = run.issue_ids.filtered(lambda i: i.contract_id == contract)
        self.assertEqual(issue.reason, "missing_tax")
        self.assertIn("IGIC", issue.message)
        self.assertFalse(self._bills_of(contract))
        # the accountant adds the Canary taxes; the next run bills the window
        group = self.env["account.tax.group"].create({"name": "IGIC"})
        for rate in (0.0, 7.0):
            self.env["account.tax"].create(
                {
                    "name": f"IGIC {rate:g}%",
                    "amount": rate,
                    "type_tax_use": "sale",
                    "tax_group_id": group.id,
                }
            )
        self._run()
        move = self._bills_of(contract).move_id
        self.assertEqual(
            set(move.invoice_line_ids.tax_ids.mapped("name")), {"IGIC 0%", "IGIC 7%"}
        )
        # hand-computed in test_bill_engine: 43.31 + 0.06 IGIC on the rental
        self.assertAlmostEqual(move.amount_tax, 0.06, places=2)
        self.assertAlmostEqual(move.amount_total, 43.37, places=2)

    def test_posted_bills_are_emailed_with_the_electricity_bill(self):
        contract = self._active_contract(self.home, self.home_product)
        self._reading(self.home, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120])
        run = self._run()
        self.assertTrue(run.send_by_email)
        move = self._bills_of(contract).move_id
        self.assertTrue(move.is_being_sent)
        self.env["account.move"]._cron_account_move_send(job_count=1000)
        self.assertTrue(move.is_move_sent)
        sent = move.message_ids.filtered(lambda m: self.holder in m.partner_ids)
        self.assertTrue(sent)
        self.assertTrue(sent.attachment_ids)
        html = sent.attachment_ids[0].raw.decode(errors="ignore")
        self.assertIn("comparador.cnmc.gob.es", html)
