# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .commission_common import CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionSettlement(CommissionCase):
    """Monthly settlement per channel, holdback, minimum payout and the
    self-billing vendor bill on the Spanish chart."""

    def _earned(self, channel, count=1, **kw):
        contracts = self._activate(self._contracts(channel, count=count, **kw))
        self.Line._cron_earn(date(2026, 3, 31))
        return contracts

    def _settle_march(self, channels=None):
        wizard = Form(
            self.env["energy.commission.settle.wizard"].with_user(self.backoffice)
        )
        wizard.date_to = date(2026, 3, 31)
        for channel in channels or []:
            wizard.channel_ids.add(channel)
        action = wizard.save().action_settle()
        return self.Settlement.search(action["domain"])

    def test_month_settled_with_holdback_and_vat(self):
        # A: 2.0TD 40 € + 3.5 MWh × 2 € = 47 €, plus 10 € override on A1's
        # 3.0TD sale = 57 €; holdback 10 % of 57 = 5.70; net 51.30
        self._earned(self.channel_a, annual_kwh=3500.0)
        self._earned(
            self.channel_a1,
            tariff=self.tariff_30,
            powers=(15, 15, 15, 15, 15, 20),
            partner=self.firm,
        )
        settlement = self._settle_march([self.channel_a])
        self.assertEqual(settlement.channel_id, self.channel_a)
        self.assertEqual(settlement.amount_holdback, 5.70)
        self.assertAlmostEqual(settlement.amount_total, 51.30)
        release = self.Line.search(
            [("line_type", "=", "release"), ("channel_id", "=", self.channel_a.id)]
        )
        self.assertEqual(release.amount, 5.70)
        self.assertEqual(release.date_earned, date(2026, 9, 30))
        self.assertFalse(release.settlement_id)
        settlement.with_user(self.manager).action_validate()
        settlement.with_user(self.backoffice).action_invoice()
        move = settlement.move_id
        self.assertEqual(settlement.state, "invoiced")
        self.assertEqual(move.move_type, "in_invoice")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.partner_id, self.channel_a)
        # 21 % VAT on 51.30 = 10.77; no IRPF for a company
        self.assertAlmostEqual(move.amount_untaxed, 51.30)
        self.assertAlmostEqual(move.amount_tax, 10.77)
        self.assertAlmostEqual(move.amount_total, 62.07)

    def test_individual_agent_withholds_irpf(self):
        self._earned(self.agent_channel)
        settlement = self._settle_march([self.agent_channel])
        # 40 € − 10 % holdback = 36 €; VAT 7.56; IRPF 15 % −5.40 → 38.16
        self.assertTrue(self.agent_channel.energy_commission_irpf)
        settlement.with_user(self.manager).action_validate()
        settlement.with_user(self.backoffice).action_invoice()
        move = settlement.move_id
        self.assertAlmostEqual(move.amount_untaxed, 36.0)
        self.assertAlmostEqual(move.amount_tax, 2.16)
        self.assertAlmostEqual(move.amount_total, 38.16)

    def test_below_minimum_waits_and_suspended_is_not_settled(self):
        # B: one 2.0TD, 40 €, over the 30 € minimum; suspended → not settled
        self._earned(self.channel_b)
        self.channel_b.with_user(self.manager).energy_channel_state = "suspended"
        with self.assertRaisesRegex(UserError, "Nothing to settle"):
            self._settle_march([self.channel_b])
        self.channel_b.with_user(self.manager).energy_channel_state = "active"
        self.plan.minimum_payout = 50.0
        with self.assertRaisesRegex(UserError, "Nothing to settle"):
            self._settle_march([self.channel_b])
        self.plan.minimum_payout = 30.0
        settlement = self._settle_march([self.channel_b])
        self.assertEqual(len(settlement), 1)
        # settled once: the lines are taken
        with self.assertRaisesRegex(UserError, "Nothing to settle"):
            self._settle_march([self.channel_b])

    def test_cron_settles_last_month_and_clawback_nets(self):
        contracts = self._earned(self.channel_b, count=2)
        with contracts._exit_checks_waived():
            contracts[0].with_user(self.manager).action_terminate(
                "Switched (C1-06)", "switched_to_competitor", date(2026, 3, 20)
            )
        settlements = self.Settlement._cron_settle(today=date(2026, 4, 2))
        mine = settlements.filtered(lambda s: s.channel_id == self.channel_b)
        # 2 × 40 € − clawback 40 × (184 − 10)/184 = 37.83 → 42.17 net of
        # clawback; holdback 10 % of 80 = 8 → 34.17
        self.assertAlmostEqual(mine.amount_total, 34.17)
        self.assertEqual(mine.date_from, date(2026, 3, 1))

    def test_cancel_returns_lines_and_drops_holdback(self):
        self._earned(self.channel_b)
        settlement = self._settle_march([self.channel_b])
        settlement.with_user(self.backoffice).action_cancel()
        self.assertFalse(
            self.Line.search(
                [
                    ("channel_id", "=", self.channel_b.id),
                    ("line_type", "in", ("holdback", "release")),
                ]
            )
        )
        self.assertEqual(len(self._settle_march([self.channel_b])), 1)

    def test_only_managers_validate_and_channels_terms(self):
        self._earned(self.channel_b)
        settlement = self._settle_march([self.channel_b])
        with self.assertRaises(AccessError):
            settlement.with_user(self.backoffice).action_validate()
        with self.assertRaises(AccessError):
            self.channel_b.with_user(self.backoffice).write(
                {"energy_commission_plan_id": False}
            )
        with self.assertRaises(UserError):
            settlement.with_user(self.manager).write({"state": "paid"})

    def test_paid_bill_marks_paid_and_the_holdback_is_released(self):
        # B: 40 € earned in March, 10 % held back (4 €) until 30 September
        self._earned(self.channel_b)
        settlement = self._settle_march([self.channel_b])
        self.assertAlmostEqual(settlement.amount_total, 36.0)
        settlement.with_user(self.manager).action_validate()
        settlement.with_user(self.backoffice).action_invoice()
        # accounts payable pays the vendor bill
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=settlement.move_id.ids
        ).create({"payment_date": date(2026, 4, 10)})._create_payments()
        self.assertIn(settlement.move_id.payment_state, ("paid", "in_payment"))
        self.assertEqual(settlement.state, "invoiced")
        self.Settlement._cron_settle(today=date(2026, 5, 2))
        self.assertEqual(settlement.state, "paid")
        # the release waits for its month: nothing for B until October
        self.plan.minimum_payout = 0.0
        early = self.Settlement._cron_settle(today=date(2026, 9, 2))
        self.assertFalse(early.filtered(lambda s: s.channel_id == self.channel_b))
        released = self.Settlement._cron_settle(today=date(2026, 10, 2)).filtered(
            lambda s: s.channel_id == self.channel_b
        )
        self.assertEqual(released.line_ids.mapped("line_type"), ["release"])
        self.assertAlmostEqual(released.amount_total, 4.0)
        self.assertEqual(released.date_to, date(2026, 9, 30))
