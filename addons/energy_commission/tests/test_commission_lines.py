# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .commission_common import ACTIVATED, CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionLines(CommissionCase):
    """Lines on activation, earned after the withdrawal window, clawed back
    when the contract ends within the plan's period. Figures by hand."""

    def test_rules_combine_on_activation_and_wait_for_the_window(self):
        # 2.0TD consumer, 4.6 kW, 3 500 kWh a year: 40 € + 2 €/MWh × 3.5 = 47 €
        contract = self._activate(self._contracts(self.channel_a, annual_kwh=3500.0))
        lines = self._lines(contract)
        self.assertEqual(
            self._amounts(lines),
            [(self.channel_a.name, "2.0TD", 40.0), (self.channel_a.name, "MWh", 7.0)],
        )
        # signed on 1 March: the consumer may withdraw until 15 March
        self.assertEqual(set(lines.mapped("state")), {"pending"})
        self.assertEqual(set(lines.mapped("date_earned")), {date(2026, 3, 16)})
        self.Line._cron_earn(date(2026, 3, 15))
        self.assertEqual(set(lines.mapped("state")), {"pending"})
        self.Line._cron_earn(date(2026, 3, 16))
        self.assertEqual(set(lines.mapped("state")), {"earned"})

    def test_company_earns_on_activation_with_power_and_override(self):
        # 3.0TD company, highest power 20 kW, sold by the sub-channel A1:
        # A1 earns its plan's 100 €, A the 10 € override; A's direct rules
        # (120 €, 3 €/kW) are not for its sub-channel's sales.
        contract = self._activate(
            self._contracts(
                self.channel_a1,
                tariff=self.tariff_30,
                powers=(15, 15, 15, 15, 15, 20),
                partner=self.firm,
            )
        )
        lines = self._lines(contract)
        self.assertEqual(
            self._amounts(lines),
            sorted(
                [
                    (self.channel_a1.name, "3.0TD", 100.0),
                    (self.channel_a.name, "Override", 10.0),
                ]
            ),
        )
        # a company has no right of withdrawal: earned from the activation
        self.assertEqual(set(lines.mapped("date_earned")), {ACTIVATED})
        # sold directly by A: 120 € + 3 €/kW × 20 kW = 180 €
        direct = self._activate(
            self._contracts(
                self.channel_a,
                tariff=self.tariff_30,
                powers=(15, 15, 15, 15, 15, 20),
                partner=self.firm,
            )
        )
        self.assertEqual(
            self._amounts(self._lines(direct)),
            [(self.channel_a.name, "3.0TD", 120.0), (self.channel_a.name, "kW", 60.0)],
        )

    def test_the_version_in_force_on_the_activation_pays(self):
        contract = self._activate(
            self._contracts(self.channel_b),
            date_activated=date(2025, 12, 20),
            signed=datetime(2025, 12, 1, 9, 0),
        )
        self.assertEqual(
            self._amounts(self._lines(contract)), [(self.channel_b.name, "2.0TD", 25.0)]
        )

    def test_one_line_per_contract_and_rule(self):
        contract = self._activate(self._contracts(self.channel_b))
        line = self._lines(contract)
        self.assertEqual(len(line), 1)
        # a second activation notice (or a concurrent one) adds nothing
        self.assertFalse(self.Line._generate_for_contracts(contract))
        # and the database refuses a duplicate whoever writes it
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.cr.savepoint():
                self.Line.sudo()._create_guarded(
                    [self.Line._prepare_line(contract, line.rule_id, self.channel_b)]
                )

    def test_pro_rata_clawback_on_switch_away(self):
        contract = self._activate(self._contracts(self.channel_a, annual_kwh=3500.0))
        self.Line._cron_earn(date(2026, 4, 1))
        # ATR 06: the customer left on 10 May. Six months from 10 March end on
        # 10 September: 184 days, 61 lasted, 123 not. 40 × 123/184 = 26.74;
        # 7 × 123/184 = 4.68.
        with contract._exit_checks_waived():
            contract.with_user(self.manager).action_terminate(
                "Switched (C1-06)", "switched_to_competitor", date(2026, 5, 10)
            )
        clawbacks = self._lines(contract, "clawback")
        self.assertEqual(
            self._amounts(clawbacks),
            [
                (self.channel_a.name, "2.0TD", -26.74),
                (self.channel_a.name, "MWh", -4.68),
            ],
        )
        self.assertEqual(clawbacks.origin_line_id, self._lines(contract))
        self.assertEqual(set(clawbacks.mapped("date_earned")), {date(2026, 5, 10)})

    def test_full_clawback_and_none_after_the_period(self):
        # the sub-channel's plan: 12 months, in full
        early, late = self._activate(self._contracts(self.channel_a1, count=2))
        self.Line._cron_earn(date(2026, 4, 1))
        with (early | late)._exit_checks_waived():
            early.with_user(self.manager).action_terminate(
                "Unpaid", "non_payment", date(2027, 3, 9)
            )
            late.with_user(self.manager).action_terminate(
                "Moved", "customer_request", date(2027, 3, 10)
            )
        self.assertEqual(self._lines(early, "clawback").mapped("amount"), [-30.0])
        self.assertFalse(self._lines(late, "clawback"))

    def test_withdrawal_within_the_window_pays_nothing(self):
        contract = self._activate(
            self._contracts(self.channel_a), date_activated=date(2026, 3, 5)
        )
        withdrawal = self.Contract.with_user(self.backoffice).create(
            {
                "partner_id": contract.partner_id.id,
                "supply_point_id": contract.supply_point_id.id,
                "parent_contract_id": contract.id,
                "request_type": "withdrawal",
                "date_requested": datetime(2026, 3, 12, 10, 0),
            }
        )
        # E1 activated by the distributor: the contract ends
        self._activate(withdrawal, date(2026, 3, 13), datetime(2026, 3, 12, 10, 0))
        self.assertEqual(contract.state, "terminated")
        self.assertTrue(contract._energy_commission_withdrawn())
        self.assertEqual(set(self._lines(contract).mapped("state")), {"cancelled"})
        self.assertFalse(self._lines(contract, "clawback"))
        self.assertFalse(self._lines(withdrawal))

    def test_lines_cannot_be_edited_nor_created_by_hand(self):
        contract = self._activate(self._contracts(self.channel_b))
        line = self._lines(contract)
        client_context = {"energy_guard_released": True, "install_mode": True}
        with self.assertRaises(UserError):
            line.with_context(**client_context).write({"amount": 1000.0})
        with self.assertRaises(UserError):
            line.sudo().with_context(**client_context).write({"state": "earned"})
        with self.assertRaises(AccessError):
            self.Line.with_user(self.manager).create({"note": "a bonus"})
        self.assertEqual(line.amount, 40.0)

    def test_generation_queries_do_not_grow_with_the_batch(self):
        warm = self._contracts(self.channel_a, count=2)
        small = self._contracts(self.channel_a, count=3)
        large = self._contracts(self.channel_a, count=15)
        batches = (warm, small, large)
        for batch in (b.with_user(self.manager) for b in batches):
            with batch._exit_checks_waived():
                batch.action_request_documents()
                batch.action_to_validation()
                batch.action_to_signature()
            batch._write_guarded({"date_signed": datetime(2026, 3, 1, 10, 0)})
            with batch._exit_checks_waived():
                batch.action_submit()
                batch.action_accept()
            batch._write_guarded({"date_activated": ACTIVATED})
        counts = []
        for batch in batches:
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.Line._generate_for_contracts(self.Contract.browse(batch.ids))
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2])
        self.assertEqual(len(self._lines(large)), 15)
