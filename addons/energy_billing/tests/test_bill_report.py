# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import BillingCase, BillingHttpCase


class TestBillReport(BillingCase):
    def _billed_move(self, point=None, product=None, kwh=(60, 70, 120)):
        contract = self._active_contract(
            point or self.home, product or self.home_product
        )
        reading = self._reading(
            point or self.home, date(2026, 1, 1), date(2026, 1, 31), list(kwh)
        )
        self.env["energy.bill"]._bill_readings([(contract, reading)])
        return reading.bill_id.move_id

    def _html(self, moves):
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "account.account_invoices", moves.ids
        )
        return html.decode()

    def test_invoice_pdf_is_the_electricity_bill(self):
        move = self._billed_move()
        self.assertEqual(
            move._get_name_invoice_report(),
            "energy_billing.report_energy_bill_document",
        )
        html = self._html(move)
        for expected in (
            self.home.cups_formatted or self.home.cups,  # CUPS
            "2.0TD",  # access tariff
            "P1: 4.6 kW",  # contracted powers
            "P2: 4.6 kW",
            "250.0",  # consumption of the window
            "Where the amount of your bill goes",
            "Electricity tax",
            "comparador.cnmc.gob.es",  # switching and comparator information
            "Ley 24/2013 art. 43.5",  # claims route
            "ES91 **** **** **** **** 1332",  # debited IBAN, masked
            "31 days",
        ):
            self.assertIn(expected, html)
        self.assertNotIn("0418 4502", html)

    def test_destination_of_the_bill_adds_up(self):
        move = self._billed_move()
        shares = move._energy_bill_summary()["destination"]
        self.assertAlmostEqual(
            sum(s["amount"] for s in shares), move.amount_total, places=2
        )
        self.assertAlmostEqual(sum(s["percent"] for s in shares), 100.0, delta=0.2)
        supply = shares[0]
        # power and energy terms: 12.78 + 1.92 + 13.17 + 9.96 + 11.84
        self.assertAlmostEqual(supply["amount"], 49.67, places=2)

    def test_plain_invoices_keep_the_standard_layout(self):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.holder.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Servicio", "quantity": 1, "price_unit": 10}
                    )
                ],
            }
        )
        self.assertEqual(
            move._get_name_invoice_report(), "account.report_invoice_document"
        )


@tagged("post_install", "-at_install")
class TestBillPortal(BillingHttpCase):
    def test_customer_opens_their_bill_on_the_portal(self):
        """A customer finds their bills on /my/invoices, printed as
        electricity bills, and cannot open another customer's."""
        other = self.env["res.partner"].create(
            {"name": "Jorge Sanz Molina", "vat": "ES00000000T"}
        )
        new_test_user(
            self.env,
            "bill_portal_lucia",
            groups="base.group_portal",
            partner_id=self.holder.id,
        )
        mine = self._active_contract(self.home, self.home_product)
        theirs = self._active_contract(
            self.shop_point, self.shop_product, partner=other
        )
        self._reading(self.home, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120])
        self._reading(self.shop_point, date(2026, 1, 1), date(2026, 1, 31), [9] * 6)
        bills, __ = self.env["energy.bill"]._bill_readings(
            [
                (
                    contract,
                    self.Reading.search(
                        [("supply_point_id", "=", contract.supply_point_id.id)]
                    ),
                )
                for contract in (mine, theirs)
            ]
        )
        my_move = bills.filtered(lambda b: b.contract_id == mine).move_id
        their_move = bills.filtered(lambda b: b.contract_id == theirs).move_id
        self.authenticate("bill_portal_lucia", "bill_portal_lucia")
        response = self.url_open("/my/invoices")
        self.assertEqual(response.status_code, 200)
        self.assertIn(my_move.name, response.text)
        self.assertNotIn(their_move.name, response.text)
        response = self.url_open(f"/my/invoices/{my_move.id}?report_type=html")
        self.assertEqual(response.status_code, 200)
        self.assertIn("comparador.cnmc.gob.es", response.text)
        self.assertIn("Where the amount of your bill goes", response.text)
        response = self.url_open(f"/my/invoices/{their_move.id}?report_type=html")
        self.assertNotIn("comparador.cnmc.gob.es", response.text)
