# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import BillingCase

# what an RPC caller could try to slip past a guard
SNEAKY_CONTEXT = {
    "energy_guard_released": True,
    "force_write": True,
    "install_mode": True,
    "tracking_disable": True,
}


class TestBillingAccess(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Jorge Sanz Molina",
                "vat": "ES00000000T",
                "email": "jorge@example.es",
            }
        )
        cls.portal_lucia = new_test_user(
            cls.env,
            "bill_portal_lucia",
            groups="base.group_portal",
            partner_id=cls.holder.id,
        )
        cls.other_home = cls._point(
            4,
            cls.tariff_20,
            cls.env.ref("base.state_es_m"),
            (3.45, 3.45),
            cls.dwelling,
            partner=cls.other,
        )
        cls.energy_user = new_test_user(
            cls.env, "bill_energy_user", groups="energy_base.group_energy_user"
        )

    def _billed(self, point, partner, kwh):
        contract = self._active_contract(point, self.home_product, partner=partner)
        reading = self._reading(point, date(2026, 1, 1), date(2026, 1, 31), kwh)
        run = (
            self.env["energy.billing.run"]
            .with_user(self.backoffice)
            .create({"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)})
        )
        run.action_start()
        return contract, reading, reading.bill_id

    def test_customer_sees_only_their_invoices(self):
        __, __, mine = self._billed(self.home, self.holder, [60, 70, 120])
        __, __, theirs = self._billed(self.other_home, self.other, [50, 60, 100])
        Move = self.env["account.move"].with_user(self.portal_lucia)
        visible = Move.search([("energy_contract_id", "!=", False)])
        self.assertIn(mine.move_id, visible)
        self.assertNotIn(theirs.move_id, visible)
        with self.assertRaises(AccessError):
            theirs.move_id.with_user(self.portal_lucia).check_access("read")
        # billing records are back-office data: no portal access at all
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_lucia).read(["amount_total"])
        with self.assertRaises(AccessError):
            mine.reading_id.with_user(self.portal_lucia).read(["kwh_total"])

    def test_channel_portal_user_reads_no_billing_record(self):
        __, reading, bill = self._billed(self.home, self.holder, [60, 70, 120])
        channel = self.env["res.users"].search([("login", "=", "channel")])
        agent = new_test_user(self.env, "bill_portal_agent", groups="base.group_portal")
        for user in (channel or agent) | agent:
            for record in (bill, reading, bill.move_id):
                with self.assertRaises(AccessError):
                    record.with_user(user).check_access("read")

    def test_energy_user_reads_but_cannot_create_readings(self):
        with self.assertRaises(AccessError):
            self.Reading.with_user(self.energy_user).create(
                {
                    "supply_point_id": self.home.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 1, 31),
                    "kwh_p1": 1,
                }
            )
        reading = self._reading(
            self.home, date(2026, 1, 1), date(2026, 1, 31), [1, 1, 1]
        )
        self.assertEqual(reading.with_user(self.energy_user).kwh_total, 3)

    def test_bill_cannot_be_edited_even_with_context_keys(self):
        __, reading, bill = self._billed(self.home, self.holder, [60, 70, 120])
        as_backoffice = bill.with_user(self.backoffice).with_context(**SNEAKY_CONTEXT)
        for vals in (
            {"state": "credited"},
            {"move_id": False},
            {"date_end": date(2026, 2, 1)},
        ):
            with self.assertRaises(UserError):
                as_backoffice.write(vals)
        with self.assertRaises(UserError):
            self.env["energy.bill"].with_user(self.backoffice).with_context(
                **SNEAKY_CONTEXT
            ).create(
                {
                    "contract_id": bill.contract_id.id,
                    "reading_id": reading.id,
                    "move_id": bill.move_id.id,
                    "date_start": date(2026, 3, 1),
                    "date_end": date(2026, 3, 31),
                }
            )
        self.assertEqual(bill.state, "posted")

    def test_billed_reading_cannot_be_changed_nor_unbilled(self):
        __, reading, bill = self._billed(self.home, self.holder, [60, 70, 120])
        sneaky = reading.with_user(self.backoffice).with_context(**SNEAKY_CONTEXT)
        with self.assertRaises(UserError):
            sneaky.write({"kwh_p1": 1})
        with self.assertRaises(UserError):
            sneaky.write({"bill_id": False})
        with self.assertRaises(UserError):
            sneaky.write({"state": "superseded"})
        self.assertEqual(
            (reading.kwh_p1, reading.bill_id, reading.state), (60, bill, "valid")
        )

    def test_run_progress_cannot_be_forged(self):
        run = (
            self.env["energy.billing.run"]
            .with_user(self.backoffice)
            .create({"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)})
        )
        sneaky = run.with_context(**SNEAKY_CONTEXT)
        with self.assertRaises(UserError):
            sneaky.write({"state": "done"})
        with self.assertRaises(UserError):
            sneaky.write({"last_contract_id": 10**6})
        self.assertEqual(run.state, "draft")
