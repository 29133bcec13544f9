# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase

from ..tools.optimal_power import PowerProposalError, propose_powers
from .common import ComparatorCase


class TestComparatorBill(ComparatorCase):
    """The current cost from the prices of the customer's bill, and the
    optimal power from the maximum demand of the SIPS year, to the cent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        first, second = cls.point.consumption_ids.sorted("date_start")
        first.write({"max_demand_p1_kw": 3.1, "max_demand_p2_kw": 1.9})
        second.write({"max_demand_p1_kw": 2.9, "max_demand_p2_kw": 2.0})

    def _line(self, lead, product):
        return lead.comparison_line_ids.filtered(
            lambda line: line.product_id == product
        )

    def test_current_cost_from_the_bill_prices_per_period(self):
        lead = self._filled_lead()
        with Form(lead.with_user(self.agent)) as form:
            form.bill_file = base64.b64encode(b"%PDF-1.4 bill")
            form.bill_energy_price_p1 = 0.20
            form.bill_energy_price_p2 = 0.15
            form.bill_energy_price_p3 = 0.10
            form.bill_power_price_p1 = 0.10
            form.bill_power_price_p2 = 0.03
        lead.with_user(self.agent).action_compare()
        cheap = self._line(lead, self.cheap)
        # Power 4.6 kW × 365 d × 0.10 = 167.90 + 4.6 × 365 × 0.03 = 50.37;
        # energy 1 000 × 0.20 + 800 × 0.15 + 1 200 × 0.10 = 440.00; base
        # 658.27; electricity tax 5.11269632 % = 33.66; meter 9.72; VAT 21 %
        # of 701.65 = 147.35; total 849.00.
        self.assertAlmostEqual(cheap.current_cost, 849.00, places=2)
        # The cheap product costs 662.83 at 4.6 kW (see test_comparator).
        self.assertAlmostEqual(cheap.savings_amount, 186.17, places=2)
        self.assertAlmostEqual(cheap.savings_percent, 21.93, places=2)
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "crm.lead"),
                ("res_id", "=", lead.id),
                ("res_field", "=", "bill_file"),
            ]
        )
        self.assertEqual(len(attachment), 1)

    def test_bill_prices_must_cover_every_period_of_the_tariff(self):
        lead = self._filled_lead()
        lead.write(
            {
                "bill_energy_price_p1": 0.20,
                "bill_energy_price_p2": 0.15,
                "bill_power_price_p1": 0.10,
                "bill_power_price_p2": 0.03,
            }
        )
        with self.assertRaisesRegex(UserError, "missing: P3"):
            lead.with_user(self.agent).action_compare()
        self.assertFalse(lead.comparison_line_ids)

    def test_negative_bill_price_is_refused(self):
        lead = self._filled_lead()
        with (
            self.assertRaisesRegex(ValidationError, "cannot be negative"),
            self.env.cr.savepoint(),
        ):
            lead.with_user(self.agent).write({"bill_energy_price_p1": -0.1})
        lead.invalidate_recordset()
        self.assertEqual(lead.bill_energy_price_p1, 0)

    def test_optimal_power_from_max_demand_priced_to_the_cent(self):
        lead = self._filled_lead()
        lead.write({"current_energy_price": 0.15, "current_power_price": 0.10})
        lead.with_user(self.agent).action_compare()
        self.assertEqual((lead.max_demand_p1_kw, lead.max_demand_p2_kw), (3.1, 2.0))
        # 3.1 kW + 5 % = 3.255 → 3.45 kW (15 A); 2.0 + 5 % = 2.1 → 2.3 (10 A).
        self.assertEqual(
            (lead.optimal_power_p1_kw, lead.optimal_power_p2_kw), (3.45, 2.3)
        )
        self.assertEqual(lead.optimal_power_p3_kw, 0)
        cheap = self._line(lead, self.cheap)
        # Current cost at the current 4.6 kW stays 1 011.20 (test_comparator).
        self.assertAlmostEqual(cheap.current_cost, 1011.20, places=2)
        # Cheap at 3.45 / 2.3 kW: power 3.45 × 365 × 0.08 = 100.74 + 2.3 ×
        # 365 × 0.02 = 16.79; energy 344.00; base 461.53; electricity tax
        # 23.60; meter 9.72; VAT 21 % of 494.85 = 103.92; total 598.77.
        self.assertAlmostEqual(cheap.optimal_annual_cost, 598.77, places=2)
        self.assertAlmostEqual(cheap.optimal_savings_amount, 412.43, places=2)
        # At the current power the product still costs 662.83.
        self.assertAlmostEqual(cheap.annual_cost, 662.83, places=2)

    def test_offer_at_the_optimal_power(self):
        lead = self._filled_lead()
        lead.write({"current_energy_price": 0.15, "current_power_price": 0.10})
        lead.with_user(self.agent).action_compare()
        cheap = self._line(lead, self.cheap)
        action = cheap.with_user(self.agent).action_make_offer_optimal()
        offer = self.env["energy.sales.offer"].browse(action["res_id"])
        self.assertEqual((offer.power_p1_kw, offer.power_p2_kw), (3.45, 2.3))
        self.assertAlmostEqual(offer.annual_cost, 598.77, places=2)
        self.assertAlmostEqual(offer.savings_amount, 412.43, places=2)
        self.assertEqual(offer.energy_price_p1, 0.14)
        lead.user_id = self.agent
        with self.assertRaises(AccessError):
            cheap.with_user(self.other_agent).action_make_offer_optimal()

    def test_no_max_demand_no_optimal_power(self):
        self.point.consumption_ids.write({"max_demand_p1_kw": 0, "max_demand_p2_kw": 0})
        lead = self._filled_lead()
        lead.write({"current_energy_price": 0.15, "current_power_price": 0.10})
        lead.with_user(self.agent).action_compare()
        self.assertIn("no maximum demand", lead.optimal_power_note)
        self.assertFalse(lead.optimal_power_p1_kw)
        cheap = self._line(lead, self.cheap)
        self.assertFalse(cheap.optimal_annual_cost)
        with self.assertRaisesRegex(UserError, "No optimal power"):
            cheap.with_user(self.agent).action_make_offer_optimal()

    def test_demand_above_the_tariff_ceiling_is_explained(self):
        self.point.consumption_ids[:1].write({"max_demand_p1_kw": 15.2})
        lead = self._filled_lead()
        lead.write({"current_energy_price": 0.15, "current_power_price": 0.10})
        lead.with_user(self.agent).action_compare()
        self.assertIn("needs another access tariff", lead.optimal_power_note)
        self.assertFalse(lead.optimal_power_p1_kw)

    def test_comparator_queries_do_not_grow_with_products(self):
        lead = self._filled_lead()
        lead.write({"current_energy_price": 0.15, "current_power_price": 0.10})
        lead.with_user(self.agent).action_compare()
        self.env.invalidate_all()
        with self.assertQueryCount(31):
            lead.with_user(self.agent).action_compare()
        self._product("SALES-MORE", [0.07, 0.03], [0.13, 0.11, 0.08])
        self.env.invalidate_all()
        with self.assertQueryCount(31):
            lead.with_user(self.agent).action_compare()
        priced = lead.comparison_line_ids.filtered(lambda line: not line.error)
        self.assertIn(self.cheap, priced.product_id)
        self.assertTrue(all(priced.mapped("optimal_annual_cost")))


class TestOptimalPowerRules(TransactionCase):
    """The proposal rules per toll, on the pure function."""

    def test_30td_powers_ascend_in_100_w_steps(self):
        powers = propose_powers(
            [20, 18, 25, 24, 30, 10],
            [0] * 6,
            6,
            margin=0.05,
            ascending=True,
            min_top_power_kw=15,
        )
        # 21.0, 18.9, 26.25, 25.2, 31.5, 10.5 rounded up to 0.1 kW, then
        # each period at least the previous one.
        self.assertEqual(powers, [21.0, 21.0, 26.3, 26.3, 31.5, 31.5])

    def test_30td_needs_a_period_above_15_kw(self):
        powers = propose_powers(
            [5] * 6, [0] * 6, 6, margin=0.05, ascending=True, min_top_power_kw=15
        )
        self.assertEqual(powers, [5.3, 5.3, 5.3, 5.3, 5.3, 15.1])

    def test_20td_uses_normalised_powers_and_two_periods(self):
        powers = propose_powers(
            [4.0, 1.0, 9, 9, 9, 9], [5.75, 5.75, 0, 0, 0, 0], 2, max_power_kw=15
        )
        # 4.2 → 4.6 kW (20 A); 1.05 → 1.15 kW (5 A); P3–P6 stay empty.
        self.assertEqual(powers, [4.6, 1.15, 0, 0, 0, 0])
        # Above 63 A single-phase, the toll's own 15 kW.
        self.assertEqual(
            propose_powers([14.0, 2.0], [0] * 6, 2, max_power_kw=15)[:2], [15.0, 2.3]
        )
        # A period without demand data keeps its current power.
        self.assertEqual(
            propose_powers([4.0, 0], [5.75, 5.75], 2, max_power_kw=15)[:2],
            [4.6, 5.75],
        )
        with self.assertRaises(PowerProposalError):
            propose_powers([15.0, 2.0], [0] * 6, 2, max_power_kw=15)
