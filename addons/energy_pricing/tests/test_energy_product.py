# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from . import common


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestEnergyProduct(common.PricingCase):
    def test_manager_creates_a_product_with_prices_through_the_form(self):
        form = Form(self.Product)
        form.name = "Tarifa Hogar 3 Periodos"
        form.code = "HOGAR-3P-T"
        form.access_tariff_id = self.tariff_20td
        form.pricing_type = "fixed"
        with form.price_ids.new() as price:
            price.date_from = date(2026, 1, 1)
            price.energy_price_p1 = 0.2195
            price.energy_price_p2 = 0.1423
            price.energy_price_p3 = 0.0987
            price.power_price_p1 = 0.089611
            price.power_price_p2 = 0.013483
        product = form.save()

        self.assertEqual(len(product.price_ids), 1)
        self.assertEqual(product.current_price_id, product.price_ids)
        self.assertEqual(
            product.current_price_id._get_energy_prices(),
            [0.2195, 0.1423, 0.0987, 0.0, 0.0, 0.0],
        )
        self.assertEqual(
            product.current_price_id._get_power_prices(),
            [0.089611, 0.013483, 0.0, 0.0, 0.0, 0.0],
        )
        self.assertEqual(product.current_price_id.validity_state, "current")
        self.assertEqual(product.company_id, self.manager.company_id)

    def test_price_form_shows_only_the_periods_of_the_tariff(self):
        form = Form(self.Product)
        form.name = "Hogar"
        form.code = "HOGAR-T"
        form.access_tariff_id = self.tariff_20td
        with form.price_ids.new() as price:
            price.date_from = date(2026, 1, 1)
            price.energy_price_p3 = 0.1
            price.power_price_p2 = 0.01
            with self.assertRaisesRegex(AssertionError, "invisible"):
                price.energy_price_p4 = 0.1
            with self.assertRaisesRegex(AssertionError, "invisible"):
                price.power_price_p3 = 0.01

    def test_price_form_of_an_indexed_product_asks_for_a_margin_not_energy_prices(
        self,
    ):
        form = Form(self.Product)
        form.name = "Hogar Indexada"
        form.code = "INDEX-T"
        form.access_tariff_id = self.tariff_20td
        form.pricing_type = "indexed"
        with form.price_ids.new() as price:
            price.date_from = date(2026, 1, 1)
            price.margin_per_kwh = 0.015
            price.monthly_fee = 2.99
            price.power_price_p1 = 0.089611
            price.power_price_p2 = 0.013483
            with self.assertRaisesRegex(AssertionError, "invisible"):
                price.energy_price_p1 = 0.1
        product = form.save()
        self.assertEqual(product.current_price_id.margin_per_kwh, 0.015)
        self.assertEqual(product.current_price_id.monthly_fee, 2.99)

    def test_six_period_product_takes_six_energy_and_power_prices(self):
        product = self._create_product("NEG-T", tariff=self.tariff_30td)
        price = self._create_price(product, date(2026, 1, 1))
        self.assertTrue(all(price._get_energy_prices()))
        self.assertTrue(all(price._get_power_prices()))

    def test_code_is_unique_per_company(self):
        ours = self._create_product("DUP-T")
        other_company = self.env["res.company"].create({"name": "Otra Energía, S.L."})
        theirs = self.env["energy.product"].create(
            {
                "name": "Offer DUP-T",
                "code": "DUP-T",
                "access_tariff_id": self.tariff_20td.id,
                "pricing_type": "fixed",
                "company_id": other_company.id,
            }
        )
        self.assertEqual(theirs.code, ours.code)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._create_product("DUP-T")
        products = self.env["energy.product"].search([("code", "=", "DUP-T")])
        self.assertEqual(products, ours | theirs)
        self.assertEqual(products.company_id, ours.company_id | other_company)

    def test_contract_duration_must_be_positive(self):
        product = self._create_product("DUR-T")
        with (
            self.assertRaisesRegex(ValidationError, "at least one month"),
            self.cr.savepoint(),
        ):
            product.contract_duration_months = 0
        product.invalidate_recordset()
        self.assertEqual(product.contract_duration_months, 12)

    def test_archived_product_is_hidden_but_keeps_its_prices(self):
        product = self._create_product("ARCH-T")
        self._create_price(product, date(2026, 1, 1))
        product.action_archive()
        self.assertFalse(self.Product.search([("code", "=", "ARCH-T")]))
        self.assertEqual(len(product.price_ids), 1)

    def test_valid_today_filter_lists_products_priced_today(self):
        priced = self._create_product("TODAY-T")
        self._create_price(priced, date(2026, 1, 1))
        expired = self._create_product("OLD-T")
        self._create_price(expired, date(2025, 1, 1), date(2025, 12, 31))
        self._create_product("NONE-T")
        search_view = self.env.ref("energy_pricing.energy_product_view_search")
        arch = etree.fromstring(self.Product.get_view(search_view.id)["arch"])
        [valid_today] = arch.xpath("//filter[@name='valid_today']")
        domain = safe_eval(
            valid_today.get("domain"), {"context_today": lambda: date(2026, 3, 15)}
        )
        found = self.Product.search([("code", "like", "-T"), *domain])
        self.assertEqual(found, priced)
