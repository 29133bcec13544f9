# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import freeze_time, tagged

from . import common


@tagged("post_install", "-at_install")
class TestEnergyProductPriceLookup(common.PricingCase):
    """_get_price_at: the version in force on a day, for many products at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product("LOOK-T")
        cls.version_2025 = cls._create_price(
            cls.product, date(2025, 1, 1), date(2025, 12, 31), base=0.2
        )
        cls.version_2026 = cls._create_price(cls.product, date(2026, 1, 1), base=0.1)
        cls.unpriced = cls._create_product("NOPRICE-T")

    def _price_at(self, day, products=None):
        return (products or self.product)._get_price_at(day)[self.product]

    def test_a_day_inside_a_version_gets_that_version(self):
        self.assertEqual(self._price_at(date(2025, 6, 15)), self.version_2025)

    def test_first_and_last_days_belong_to_the_version(self):
        self.assertEqual(self._price_at(date(2025, 1, 1)), self.version_2025)
        self.assertEqual(self._price_at(date(2025, 12, 31)), self.version_2025)
        self.assertEqual(self._price_at(date(2026, 1, 1)), self.version_2026)

    def test_open_ended_version_applies_to_any_later_day(self):
        self.assertEqual(self._price_at(date(2040, 12, 31)), self.version_2026)

    def test_no_version_before_the_first_one(self):
        price = self._price_at(date(2024, 12, 31))
        self.assertFalse(price)
        self.assertEqual(price._name, "energy.product.price")

    def test_product_without_prices_gets_an_empty_version(self):
        prices = (self.product | self.unpriced)._get_price_at(date(2026, 5, 1))
        self.assertEqual(prices[self.product], self.version_2026)
        self.assertFalse(prices[self.unpriced])

    def test_a_gap_between_versions_has_no_price(self):
        self.version_2025.date_to = date(2025, 11, 30)
        self.assertFalse(self._price_at(date(2025, 12, 15)))

    @freeze_time("2026-02-01")
    def test_without_a_date_the_price_of_today_applies(self):
        self.assertEqual(self.product._get_price_at()[self.product], self.version_2026)
        self.assertEqual(self.product.current_price_id, self.version_2026)

    def test_energy_user_prices_many_products_with_one_query(self):
        tariff = self.tariff_30td
        products = self.Product.create(
            [
                {
                    "name": f"Bulk {index}",
                    "code": f"BULK-{index}",
                    "access_tariff_id": tariff.id,
                }
                for index in range(60)
            ]
        )
        self.Price.create(
            [
                {
                    "product_id": product.id,
                    "date_from": date(2026, 1, 1),
                    **self._price_vals(tariff),
                }
                for product in products
            ]
        )
        as_user = products.with_user(self.energy_user)
        as_user._get_price_at(date(2026, 3, 1))  # warm the record rule cache
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            prices = as_user._get_price_at(date(2026, 3, 1))
            energy_p6 = [price.energy_price_p6 for price in prices.values()]
        self.assertEqual(len(prices), 60)
        self.assertTrue(all(energy_p6))
        self.assertEqual({price.product_id for price in prices.values()}, set(as_user))
