# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bills computed by hand, to the cent. Every expected figure below comes from
the arithmetic written next to it (prices of tests/common.py; electricity tax
5.11269632 %, minimum 1 €/MWh; single-phase meter 0.81 €/month, three-phase
1.36 €/month, charged × 12 / 365 per day; VAT 21 %), never from a run of the
engine."""

from datetime import date

from .common import BillingCase


class TestBillEngine(BillingCase):
    def assertAmounts(self, result, kind, expected):
        self.assertEqual(self._amounts(result, kind), expected, kind)

    def test_20td_home_month_to_the_cent(self):
        # January 2026, 31 days, 4.6 kW in P1 and P2; 60 / 70 / 120 kWh
        result = self._bill(
            self.home,
            self.home_product,
            date(2026, 1, 1),
            date(2026, 1, 31),
            [60, 70, 120],
        )
        # power: 4.6 × 31 = 142.6 kW·day × 0.089611 = 12.778529 → 12.78
        #                    142.6 × 0.013483 = 1.922676 → 1.92
        self.assertAmounts(result, "power", [12.78, 1.92])
        # energy: 60 × 0.2195 = 13.17; 70 × 0.1423 = 9.961 → 9.96;
        #         120 × 0.0987 = 11.844 → 11.84
        self.assertAmounts(result, "energy", [13.17, 9.96, 11.84])
        # electricity tax: (12.78 + 1.92 + 13.17 + 9.96 + 11.84) = 49.67
        #   × 5.11269632 % = 2.539476 → 2.54 (minimum 0.250 MWh × 1 € = 0.25)
        self.assertAmounts(result, "electricity_tax", [2.54])
        # meter rental: 0.81 × 12 × 31 / 365 = 0.825534 → 0.83
        self.assertAmounts(result, "rental", [0.83])
        # VAT: (49.67 + 2.54 + 0.83) = 53.04 × 21 % = 11.1384 → 11.14
        self.assertEqual(float(result["amount_untaxed"]), 53.04)
        self.assertEqual(float(result["amount_tax"]), 11.14)
        self.assertEqual(float(result["amount_total"]), 64.18)
        self.assertEqual(result["days"], 31)

    def test_30td_shop_six_periods_to_the_cent(self):
        # February 2026, 28 days; 15/20/20/20/20/25 kW; 420/510/0/0/0/980 kWh
        result = self._bill(
            self.shop_point,
            self.shop_product,
            date(2026, 2, 1),
            date(2026, 2, 28),
            [420, 510, 0, 0, 0, 980],
        )
        # power: 15 × 28 = 420 × 0.0512 = 21.504 → 21.50; 20 × 28 = 560 ×
        #   0.0297 = 16.632 → 16.63, × 0.0149 = 8.344 → 8.34, × 0.0128 =
        #   7.168 → 7.17, × 0.0083 = 4.648 → 4.65; 25 × 28 = 700 × 0.0051 = 3.57
        self.assertAmounts(result, "power", [21.50, 16.63, 8.34, 7.17, 4.65, 3.57])
        # energy: 420 × 0.1894 = 79.548 → 79.55; 510 × 0.1672 = 85.272 →
        #   85.27; nothing in P3-P5; 980 × 0.1086 = 106.428 → 106.43
        self.assertAmounts(result, "energy", [79.55, 85.27, 0.0, 0.0, 0.0, 106.43])
        # electricity tax: 61.86 + 271.25 = 333.11 × 5.11269632 % = 17.030903
        self.assertAmounts(result, "electricity_tax", [17.03])
        # three-phase meter (25 kW > 14.49 kW): 1.36 × 12 × 28 / 365 = 1.251945
        self.assertAmounts(result, "rental", [1.25])
        # VAT: 333.11 + 17.03 + 1.25 = 351.39 × 21 % = 73.7919 → 73.79
        self.assertEqual(float(result["amount_untaxed"]), 351.39)
        self.assertEqual(float(result["amount_tax"]), 73.79)
        self.assertEqual(float(result["amount_total"]), 425.18)

    def test_price_change_inside_the_window_splits_by_days(self):
        old = self.home_product.price_ids
        old.date_to = date(2026, 1, 15)
        self._price(
            self.home_product,
            date(2026, 1, 16),
            power=(0.095, 0.015),
            energy=(0.23, 0.15, 0.10),
        )
        # 62 / 93 / 124 kWh shared 15 : 16 days → 30 / 45 / 60 and 32 / 48 / 64
        result = self._bill(
            self.home,
            self.home_product,
            date(2026, 1, 1),
            date(2026, 1, 31),
            [62, 93, 124],
        )
        # 1-15 Jan: 4.6 × 15 = 69 × 0.089611 = 6.183159 → 6.18;
        #           69 × 0.013483 = 0.930327 → 0.93
        # 16-31 Jan: 4.6 × 16 = 73.6 × 0.095 = 6.992 → 6.99; × 0.015 = 1.104 → 1.10
        self.assertAmounts(result, "power", [6.18, 0.93, 6.99, 1.10])
        # 30 × 0.2195 = 6.585 → 6.59; 45 × 0.1423 = 6.4035 → 6.40;
        # 60 × 0.0987 = 5.922 → 5.92; then 32 × 0.23 = 7.36; 48 × 0.15 = 7.20;
        # 64 × 0.10 = 6.40
        self.assertAmounts(result, "energy", [6.59, 6.40, 5.92, 7.36, 7.20, 6.40])
        # one electricity tax (same tax settings all month): 26.02 + 29.05 =
        #   55.07 × 5.11269632 % = 2.815562 → 2.82
        self.assertAmounts(result, "electricity_tax", [2.82])
        # rental per segment: 0.81 × 12 × 15 / 365 = 0.399452 → 0.40;
        #   × 16 / 365 = 0.426082 → 0.43
        self.assertAmounts(result, "rental", [0.40, 0.43])
        # 55.07 + 2.82 + 0.83 = 58.72; VAT 12.3312 → 12.33
        self.assertEqual(float(result["amount_untaxed"]), 58.72)
        self.assertEqual(float(result["amount_total"]), 71.05)
        tax_line = [
            line for line in result["lines"] if line["kind"] == "electricity_tax"
        ]
        self.assertEqual(tax_line[0]["date_from"], date(2026, 1, 1))
        self.assertEqual(tax_line[0]["date_to"], date(2026, 1, 31))

    def test_igic_zone_home(self):
        # Tenerife home, 3.45 kW, January 2026: IGIC 0 % on the supply of a
        # home, 7 % on the meter rental (data of energy_pricing)
        result = self._bill(
            self.canary_home,
            self.home_product,
            date(2026, 1, 1),
            date(2026, 1, 31),
            [50, 60, 100],
        )
        # power: 3.45 × 31 = 106.95 × 0.089611 = 9.583896 → 9.58;
        #        106.95 × 0.013483 = 1.442007 → 1.44
        self.assertAmounts(result, "power", [9.58, 1.44])
        # energy: 50 × 0.2195 = 10.975 → 10.98; 60 × 0.1423 = 8.538 → 8.54;
        #         100 × 0.0987 = 9.87
        self.assertAmounts(result, "energy", [10.98, 8.54, 9.87])
        # electricity tax: 40.41 × 5.11269632 % = 2.066041 → 2.07
        self.assertAmounts(result, "electricity_tax", [2.07])
        self.assertAmounts(result, "rental", [0.83])
        # IGIC: 0 % of 42.48, 7 % of 0.83 = 0.0581 → 0.06
        self.assertEqual(
            [
                (t["tax_type"], float(t["rate"]), float(t["amount"]))
                for t in result["taxes"]
            ],
            [("igic", 0.0, 0.0), ("igic", 7.0, 0.06)],
        )
        self.assertEqual(float(result["amount_total"]), 43.37)

    def test_electricity_tax_legal_minimum(self):
        # 2023: electricity tax cut to 0.5 % (its legal minimum of 1 €/MWh
        # then decides), VAT on homes 5 %
        self.env["energy.tax.setting"].create(
            {
                "date_from": date(2023, 1, 1),
                "date_to": date(2023, 12, 31),
                "electricity_tax_rate": 0.5,
                "electricity_tax_min_industrial": 0.5,
                "electricity_tax_min_other": 1.0,
                "meter_rental_single_phase": 0.81,
                "meter_rental_three_phase": 1.36,
            }
        )
        self.env["energy.indirect.tax"].create(
            {
                "zone": "peninsula",
                "date_from": date(2023, 1, 1),
                "date_to": date(2023, 12, 31),
                "rate": 21.0,
                "domestic_rate": 5.0,
                "meter_rental_rate": 21.0,
            }
        )
        self._price(
            self.home_product,
            date(2023, 1, 1),
            power=(0.089611, 0.013483),
            energy=(0.12, 0.10, 0.08),
            date_to=date(2023, 12, 31),
        )
        result = self._bill(
            self.home,
            self.home_product,
            date(2023, 1, 1),
            date(2023, 1, 31),
            [150, 180, 270],
        )
        # base: 12.78 + 1.92 + 18.00 + 18.00 + 21.60 = 72.30; 0.5 % = 0.3615,
        # below the minimum 0.600 MWh × 1 €/MWh = 0.60
        tax_line = [
            line for line in result["lines"] if line["kind"] == "electricity_tax"
        ]
        self.assertEqual(float(tax_line[0]["amount"]), 0.60)
        self.assertTrue(tax_line[0]["is_minimum"])
        # VAT: 5 % of (72.30 + 0.60) = 3.645 → 3.65; 21 % of 0.83 = 0.1743 → 0.17
        self.assertEqual(float(result["amount_untaxed"]), 73.73)
        self.assertEqual(float(result["amount_tax"]), 3.82)
        self.assertEqual(float(result["amount_total"]), 77.55)

    def test_missing_price_is_a_reason_not_a_crash(self):
        result = self._bill(
            self.home,
            self.home_product,
            date(2025, 12, 20),
            date(2026, 1, 19),
            [10, 10, 10],
        )
        self.assertIsInstance(result, str)
        self.assertIn("T-HOGAR", result)

    def test_owned_meter_pays_no_rental(self):
        self.home.meter_owner = "customer"
        result = self._bill(
            self.home,
            self.home_product,
            date(2026, 1, 1),
            date(2026, 1, 31),
            [60, 70, 120],
        )
        self.assertFalse(self._amounts(result, "rental"))
        self.assertEqual(float(result["amount_untaxed"]), 52.21)

    def test_engine_reads_prices_and_taxes_in_constant_queries(self):
        # products, price versions, tax settings, indirect taxes: one query
        # each, for one bill or thirty
        one = [
            self.engine._request_from_supply(
                self.home_product,
                self.home,
                date(2026, 1, 1),
                date(2026, 1, 31),
                [1, 2, 3],
            )
        ]
        many = [
            self.engine._request_from_supply(
                product, point, date(2026, 1, 1), date(2026, 1, 31), [1, 2, 3, 4, 5, 6]
            )
            for product, point in [
                (self.home_product, self.home),
                (self.home_product, self.canary_home),
                (self.shop_product, self.shop_point),
            ]
            * 10
        ]
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            self.engine._compute_bills(one)
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            results = self.engine._compute_bills(many)
        self.assertEqual(len(results), 30)
