# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from lxml import etree
from stdnum.es import nif as stdnum_nif
from stdnum.eu import at_02 as stdnum_at_02

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user

from .common import BillingCase

COMPANY_IBAN = "ES7620770024003102575766"
CUSTOMER_IBAN = "ES9121000418450200051332"


class TestDirectDebit(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mode = cls.company._energy_configure_direct_debit(COMPANY_IBAN)
        cls.collections = new_test_user(
            cls.env,
            "bill_collections",
            groups="energy_base.group_energy_collections",
        )

    def _bill_january(self, point=None, product=None, **contract_vals):
        contract = self._active_contract(
            point or self.home, product or self.home_product
        )
        if contract_vals:
            contract.write(contract_vals)
        self._reading(
            contract.supply_point_id, date(2026, 1, 1), date(2026, 1, 31), [60, 70, 120]
        )
        run = (
            self.env["energy.billing.run"]
            .with_user(self.backoffice)
            .create(
                {
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 1, 31),
                    "invoice_date": date(2026, 2, 3),
                }
            )
        )
        run.action_start()
        return contract, run.bill_ids.filtered(
            lambda b: b.contract_id == contract
        ).move_id

    def _collect(self, moves):
        """What the collections team does: a debit order, its file, sent."""
        moves = moves.with_user(self.collections)
        moves.create_account_payment_line()
        order = moves.line_ids.payment_line_ids.order_id
        order.draft2open()
        action = order.open2generated()
        order.generated2uploaded()
        return order, self.env["ir.attachment"].browse(action["res_id"])

    def test_company_setup_gives_a_valid_creditor_identifier(self):
        ics = self.company.sepa_creditor_identifier
        self.assertTrue(stdnum_at_02.is_valid(ics), ics)
        self.assertEqual(ics[:2] + ics[4:7], "ESZZZ")
        self.assertEqual(ics[7:], stdnum_nif.compact(self.company.vat))
        self.assertEqual(self.mode.payment_method_id.code, "sepa_direct_debit")

    def test_invoice_carries_the_contract_mandate(self):
        contract, move = self._bill_january(
            sepa_mandate_ref="EC-2026-000123", sepa_mandate_date=date(2025, 12, 20)
        )
        self.assertEqual(move.payment_mode_id, self.mode)
        mandate = move.mandate_id
        self.assertEqual(mandate.state, "valid")
        self.assertEqual(mandate.unique_mandate_reference, "EC-2026-000123")
        self.assertEqual(mandate.signature_date, date(2025, 12, 20))
        self.assertEqual(mandate.partner_bank_id.sanitized_acc_number, CUSTOMER_IBAN)
        self.assertEqual(mandate.partner_id, self.holder)
        # a second supply of the same customer and IBAN reuses the mandate
        __, second = self._bill_january(self.shop_point, self.shop_product)
        self.assertEqual(second.mandate_id, mandate)
        self.assertEqual(
            self.env["account.banking.mandate"].search_count(
                [("partner_id", "=", self.holder.id)]
            ),
            1,
        )

    def test_contract_without_iban_is_not_debited(self):
        contract, move = self._bill_january()
        self.assertTrue(move.mandate_id)
        contract_2 = self._active_contract(self.shop_point, self.shop_product)
        contract_2.bank_iban = False
        self._reading(self.shop_point, date(2026, 2, 1), date(2026, 2, 28), [1] * 6)
        bills, __ = self.env["energy.bill"]._bill_readings(
            [
                (
                    contract_2,
                    self.Reading.search([("supply_point_id", "=", self.shop_point.id)]),
                )
            ]
        )
        self.assertFalse(bills.move_id.mandate_id)
        self.assertNotEqual(bills.move_id.payment_mode_id, self.mode)

    def test_debit_order_file_pays_the_invoice(self):
        __, move = self._bill_january(sepa_mandate_ref="EC-2026-000777")
        order, attachment = self._collect(move)
        self.assertEqual(order.payment_type, "inbound")
        self.assertEqual(order.state, "uploaded")
        root = etree.fromstring(base64.b64decode(attachment.datas))
        ns = {"p": root.nsmap[None]}
        self.assertEqual(root.xpath("//p:PmtInf/p:PmtMtd", namespaces=ns)[0].text, "DD")
        self.assertEqual(
            root.xpath("//p:MndtRltdInf/p:MndtId", namespaces=ns)[0].text,
            "EC-2026-000777",
        )
        self.assertEqual(root.xpath("//p:InstdAmt", namespaces=ns)[0].text, "64.18")
        self.assertIn(move.payment_state, ("paid", "in_payment"))

    def test_bank_return_reopens_the_invoice_with_its_reason(self):
        __, move = self._bill_january(sepa_mandate_ref="EC-2026-000888")
        self._collect(move)
        action = move.with_user(self.collections).action_energy_register_return()
        form = Form(
            self.env["energy.billing.return"]
            .with_user(self.collections)
            .with_context(**action["context"])
        )
        form.date = date(2026, 3, 5)
        form.reason = "AM04"
        record = form.save()
        record.action_confirm()
        self.assertEqual(record.state, "done")
        self.assertAlmostEqual(record.amount, 64.18, places=2)
        self.assertEqual(move.payment_state, "not_paid")
        self.assertAlmostEqual(move.amount_residual, 64.18, places=2)
        self.assertEqual(move.energy_return_count, 1)
        self.assertIn("AM04", move.message_ids[0].body)
        # insufficient funds: the mandate stays usable for the next debit
        self.assertEqual(move.mandate_id.state, "valid")
        with self.assertRaises(UserError):
            record.action_confirm()
        with self.assertRaises(UserError):
            record.with_context(energy_guard_released=True).write({"state": "draft"})

    def test_closed_account_return_cancels_the_mandate(self):
        __, move = self._bill_january()
        self._collect(move)
        record = self.env["energy.billing.return"].create(
            {"move_id": move.id, "reason": "AC04", "date": date(2026, 3, 5)}
        )
        record.action_confirm()
        self.assertEqual(move.mandate_id.state, "cancel")
        self.assertEqual(move.payment_state, "not_paid")

    def test_unpaid_invoice_cannot_be_returned(self):
        __, move = self._bill_january()
        record = self.env["energy.billing.return"].create(
            {"move_id": move.id, "reason": "MS02"}
        )
        with self.assertRaises(UserError):
            record.action_confirm()
        self.assertEqual(record.state, "draft")
