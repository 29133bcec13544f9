# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from . import common


@tagged("post_install", "-at_install")
class TestEnergyPricingAccess(common.PricingCase):
    """Energy users read the offers and taxes; only managers configure them;
    companies see only their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product("ACL-T")
        cls.price = cls._create_price(cls.product, date(2026, 1, 1))
        cls.tax_setting = cls.env.ref("energy_pricing.energy_tax_setting_main_2024_07")

    def test_energy_user_reads_products_and_prices(self):
        product = self.product.with_user(self.energy_user)
        self.assertEqual(product.name, "Offer ACL-T")
        self.assertEqual(product.price_ids.date_from, date(2026, 1, 1))

    def test_energy_user_cannot_change_a_product(self):
        with self.assertRaises(AccessError):
            self.product.with_user(self.energy_user).name = "Hacked"
        self.product.invalidate_recordset()
        self.assertEqual(self.product.name, "Offer ACL-T")

    def test_energy_user_cannot_create_products_or_prices(self):
        with self.assertRaises(AccessError):
            self.env["energy.product"].with_user(self.energy_user).create(
                {
                    "name": "Mine",
                    "code": "MINE",
                    "access_tariff_id": self.tariff_20td.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["energy.product.price"].with_user(self.energy_user).create(
                {
                    "product_id": self.product.id,
                    "date_from": date(2030, 1, 1),
                    **self._price_vals(self.tariff_20td),
                }
            )

    def test_energy_user_cannot_change_prices_or_taxes(self):
        with self.assertRaises(AccessError):
            self.price.with_user(self.energy_user).energy_price_p1 = 0.01
        with self.assertRaises(AccessError):
            self.tax_setting.with_user(self.energy_user).electricity_tax_rate = 0.5
        self.tax_setting.invalidate_recordset()
        self.assertEqual(self.tax_setting.electricity_tax_rate, 5.11269632)

    def test_manager_changes_a_product_and_its_prices(self):
        self.product.with_user(self.manager).write(
            {"name": "Tarifa Renovada", "is_green_energy": True}
        )
        self.price.with_user(self.manager).energy_price_p1 = 0.2
        self.assertEqual(self.product.name, "Tarifa Renovada")
        self.assertEqual(self.product.current_price_id.energy_price_p1, 0.2)

    def test_other_company_does_not_see_our_products(self):
        other_company = self.env["res.company"].create({"name": "Otra Energía"})
        outsider = new_test_user(
            self.env,
            login="pricing_outsider",
            groups="energy_base.group_energy_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        Product = self.env["energy.product"].with_user(outsider)
        self.assertFalse(Product.search([("code", "=", "ACL-T")]))
        with self.assertRaises(AccessError):
            self.product.with_user(outsider).read(["name"])
        with self.assertRaises(AccessError):
            self.price.with_user(outsider).read(["energy_price_p1"])

    def test_manager_sees_the_pricing_menus_and_energy_user_does_not(self):
        menus = (
            self.env.ref("energy_pricing.menu_energy_product")
            | self.env.ref("energy_pricing.menu_energy_tax_setting")
            | self.env.ref("energy_pricing.menu_energy_indirect_tax")
        )
        Menu = self.env["ir.ui.menu"]
        # load_menus is what the web client shows: the tree under the apps.
        shown_to_manager = Menu.with_user(self.manager).load_menus(debug=False)
        shown_to_user = Menu.with_user(self.energy_user).load_menus(debug=False)
        self.assertTrue(set(menus.ids) <= set(shown_to_manager))
        self.assertFalse(set(menus.ids) & set(shown_to_user))
