# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The communication preferences a customer sets on /my/account (or the back
office on the contact) are honoured where bills and notices leave."""

from datetime import date

from odoo.tests import Form, tagged

from odoo.addons.energy_billing.tests.common import BillingCase
from odoo.addons.energy_dunning.tests.dunning_common import DunningCase


@tagged("post_install", "-at_install")
class TestPaperBill(BillingCase):
    def _run(self):
        form = Form(self.env["energy.billing.run"].with_user(self.backoffice))
        form.date_from = date(2026, 1, 1)
        form.date_to = date(2026, 1, 31)
        form.invoice_date = date(2026, 2, 3)
        run = form.save()
        self.assertTrue(run.send_by_email)
        run.action_start()
        return run

    def _bill(self, contract):
        return (
            self.env["energy.bill"].search([("contract_id", "=", contract.id)]).move_id
        )

    def test_the_run_emails_electronic_bills_and_leaves_paper_ones_to_print(self):
        paper_holder = self.holder.copy(
            {"name": "Anselmo Ruiz Pardo", "email": "anselmo@example.es"}
        )
        paper_holder._energy_update_preferences(
            {"energy_electronic_invoice": False}, "back_office"
        )
        self.assertTrue(self.holder.energy_electronic_invoice, "the default")
        electronic = self._active_contract(self.home, self.home_product)
        paper_point = self._point(
            17,
            self.tariff_20,
            self.home.state_id,
            (4.6, 4.6),
            self.dwelling,
            partner=paper_holder,
        )
        paper = self._active_contract(paper_point, self.home_product, paper_holder)
        for point in (self.home, paper_point):
            self._reading(point, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120])
        self._run()
        self.assertTrue(self._bill(electronic).is_being_sent)
        paper_bill = self._bill(paper)
        self.assertEqual(paper_bill.state, "posted")
        self.assertFalse(paper_bill.is_being_sent)
        # the back office finds it with the invoices' Paper Bill filter
        search = self.env["account.move"].get_views([(False, "search")])
        arch = search["views"]["search"]["arch"]
        self.assertIn('name="energy_paper_bill"', arch)
        bills = self.env["account.move"].search(
            [
                ("id", "in", (self._bill(electronic) | paper_bill).ids),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("partner_id.energy_electronic_invoice", "=", False),
            ]
        )
        self.assertEqual(bills, paper_bill)


@tagged("post_install", "-at_install")
class TestNoticesByPost(DunningCase):
    def test_email_steps_go_by_letter_to_a_customer_who_asked_for_post(self):
        by_email = self._contract()
        email_invoice = self._invoice(by_email)
        by_post = self._contract()
        by_post.partner_id = self.customer.copy(
            {
                "name": "Remedios Quintana Lara",
                "email": "remedios@example.es",
                "street": "Avenida de la Constitución, 3",
                "zip": "41001",
                "city": "Sevilla",
            }
        )
        by_post.partner_id._energy_update_preferences(
            {"energy_notice_channel": "post"}, "back_office"
        )
        post_invoice = self._invoice(by_post)
        run = self._run(7)  # the reminder: an e-mail step of every ladder
        channel = {line.invoice_id: line.channel for line in run.line_ids}
        self.assertEqual(channel[email_invoice], "email")
        self.assertEqual(channel[post_invoice], "letter")
