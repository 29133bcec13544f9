# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user


class PricingCase(TransactionCase):
    """The world of the pricing tests: the shipped access tariffs, a pricing
    manager, an Energy user, and helpers to build products and versions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tariff_20td = cls.env.ref("energy_base.access_tariff_20td")
        cls.tariff_30td = cls.env.ref("energy_base.access_tariff_30td")
        cls.manager = new_test_user(
            cls.env,
            login="pricing_manager",
            groups="energy_base.group_energy_manager",
        )
        cls.energy_user = new_test_user(
            cls.env, login="pricing_reader", groups="energy_base.group_energy_user"
        )
        cls.Product = cls.env["energy.product"].with_user(cls.manager)
        cls.Price = cls.env["energy.product.price"].with_user(cls.manager)

    @classmethod
    def _price_vals(cls, tariff, pricing_type="fixed", base=0.1, **overrides):
        """Valid prices for every period of `tariff`, decreasing from P1."""
        vals = {
            f"power_price_p{period}": round(0.09 / period, 6)
            for period in range(1, tariff.power_period_count + 1)
        }
        if pricing_type == "fixed":
            vals.update(
                {
                    f"energy_price_p{period}": round(base + 0.1 / period, 6)
                    for period in range(1, tariff.energy_period_count + 1)
                }
            )
        else:
            vals["margin_per_kwh"] = 0.012
        vals.update(overrides)
        return vals

    @classmethod
    def _create_product(cls, code, tariff=None, pricing_type="fixed", **vals):
        tariff = tariff or cls.tariff_20td
        return cls.Product.create(
            {
                "name": f"Offer {code}",
                "code": code,
                "access_tariff_id": tariff.id,
                "pricing_type": pricing_type,
                **vals,
            }
        )

    @classmethod
    def _create_price(cls, product, date_from, date_to=False, **overrides):
        return cls.Price.create(
            {
                "product_id": product.id,
                "date_from": date_from,
                "date_to": date_to,
                **cls._price_vals(
                    product.access_tariff_id, product.pricing_type, **overrides
                ),
            }
        )
