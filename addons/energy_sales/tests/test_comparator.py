# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import CUPS_B, ComparatorCase


class TestComparator(ComparatorCase):
    def test_fill_from_sips_copies_technical_data_and_consumption(self):
        lead = self._filled_lead()
        self.assertEqual(lead.supply_point_id, self.point)
        self.assertEqual(lead.access_tariff_id, self.tariff)
        self.assertEqual((lead.power_p1_kw, lead.power_p2_kw), (4.6, 4.6))
        self.assertEqual(
            (lead.annual_kwh_p1, lead.annual_kwh_p2, lead.annual_kwh_p3),
            (1000, 800, 1200),
        )

    def test_fill_from_sips_of_an_unknown_cups_says_so(self):
        lead = self._lead(cups=CUPS_B)
        with self.assertRaisesRegex(UserError, "not in the SIPS data"):
            lead.with_user(self.agent).action_fill_from_sips()
        self.assertFalse(lead.supply_point_id)

    def test_savings_to_the_cent_ranked(self):
        lead = self._filled_lead()
        with Form(lead.with_user(self.agent)) as form:
            form.current_energy_price = 0.15
            form.current_power_price = 0.10
        lead.with_user(self.agent).action_compare()
        lines = lead.comparison_line_ids
        cheap = lines.filtered(lambda line: line.product_id == self.cheap)
        dear = lines.filtered(lambda line: line.product_id == self.dear)
        # Current: power 2 × 4.6 kW × 365 d × 0.10 = 335.80; energy 3 000 kWh ×
        # 0.15 = 450.00; electricity tax 5.11269632 % of 785.80 = 40.18; meter
        # 12 × 0.81 = 9.72; VAT 21 % of 835.70 = 175.50; total 1 011.20.
        self.assertAlmostEqual(cheap.current_cost, 1011.20, places=2)
        # Cheap: power 134.32 + 33.58; energy 140.00 + 96.00 + 108.00 = 511.90;
        # tax 26.17; meter 9.72; VAT 21 % of 547.79 = 115.04; total 662.83.
        self.assertAlmostEqual(cheap.annual_cost, 662.83, places=2)
        self.assertAlmostEqual(cheap.savings_amount, 348.37, places=2)
        self.assertAlmostEqual(cheap.savings_percent, 34.45, places=2)
        # Dear: 402.96 + 600.00; tax 51.28; meter 9.72; VAT 223.43: 1 287.39.
        self.assertAlmostEqual(dear.annual_cost, 1287.39, places=2)
        self.assertAlmostEqual(dear.savings_amount, -276.19, places=2)
        self.assertLess(cheap.rank, dear.rank)
        ranked = lines.filtered(lambda line: not line.error).sorted("rank")
        self.assertEqual(
            ranked.mapped("savings_amount"),
            sorted(ranked.mapped("savings_amount"), reverse=True),
        )

    def test_what_if_on_power(self):
        lead = self._filled_lead()
        lead.write(
            {
                "current_energy_price": 0.15,
                "current_power_price": 0.10,
                "power_p1_kw": 3.45,
                "power_p2_kw": 3.45,
            }
        )
        lead.with_user(self.agent).action_compare()
        cheap = lead.comparison_line_ids.filtered(
            lambda line: line.product_id == self.cheap
        )
        # power 3.45 × 365 × (0.08 + 0.02) = 100.74 + 25.19 = 125.93; energy
        # 344.00; base 469.93; tax 24.03; meter 9.72; VAT 21 % of 503.68 =
        # 105.77; total 609.45.
        self.assertAlmostEqual(cheap.annual_cost, 609.45, places=2)

    def test_compare_without_current_prices_is_refused(self):
        lead = self._filled_lead()
        with self.assertRaisesRegex(UserError, "current energy and power prices"):
            lead.with_user(self.agent).action_compare()
        self.assertFalse(lead.comparison_line_ids)

    def test_another_agent_cannot_compare_my_lead(self):
        lead = self._filled_lead()
        lead.user_id = self.agent
        with self.assertRaises(AccessError):
            lead.with_user(self.other_agent).action_compare()
