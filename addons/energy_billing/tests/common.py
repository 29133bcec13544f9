# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared world of the billing tests (no test methods here)."""

from datetime import date

from stdnum.es import cups as stdnum_cups

from odoo.tests import HttpCase, TransactionCase, new_test_user


def make_cups(number):
    base = f"ES0021{number:012d}"
    return base + stdnum_cups.calc_check_digits(base)


class BillingWorld:
    """A home on 2.0TD in Madrid, a shop on 3.0TD and a home in Tenerife, with
    test products whose prices the tests choose, billing users and a portal
    customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.Reading = cls.env["energy.billing.reading"]
        cls.engine = cls.env["energy.bill.engine"]
        cls.tariff_20 = cls.env.ref("energy_base.access_tariff_20td")
        cls.tariff_30 = cls.env.ref("energy_base.access_tariff_30td")
        cls.dwelling = cls.env.ref("energy_base.supply_use_vi")
        cls.backoffice = new_test_user(
            cls.env,
            "bill_backoffice",
            groups="energy_base.group_energy_backoffice,energy_base.group_energy_validation",
        )
        cls.holder = cls.env["res.partner"].create(
            {
                "name": "Lucía Navarro Gil",
                "vat": "ES12345678Z",
                "email": "lucia@example.es",
            }
        )
        cls.shop = cls.env["res.partner"].create(
            {"name": "Ferretería Ortega SL", "vat": "ESB12345674", "is_company": True}
        )
        cls.home_product = cls._product("T-HOGAR", cls.tariff_20)
        cls.shop_product = cls._product("T-NEG", cls.tariff_30)
        cls._price(
            cls.home_product,
            date(2026, 1, 1),
            power=(0.089611, 0.013483),
            energy=(0.2195, 0.1423, 0.0987),
        )
        cls._price(
            cls.shop_product,
            date(2026, 1, 1),
            power=(0.0512, 0.0297, 0.0149, 0.0128, 0.0083, 0.0051),
            energy=(0.1894, 0.1672, 0.1468, 0.1339, 0.1231, 0.1086),
        )
        madrid = cls.env.ref("base.state_es_m")
        tenerife = cls.env.ref("base.state_es_tf")
        cls.home = cls._point(1, cls.tariff_20, madrid, (4.6, 4.6), cls.dwelling)
        cls.canary_home = cls._point(
            2, cls.tariff_20, tenerife, (3.45, 3.45), cls.dwelling
        )
        cls.shop_point = cls._point(
            3,
            cls.tariff_30,
            madrid,
            (15.0, 20.0, 20.0, 20.0, 20.0, 25.0),
            partner=cls.shop,
        )

    @classmethod
    def _product(cls, code, tariff):
        return cls.env["energy.product"].create(
            {"name": code, "code": code, "access_tariff_id": tariff.id}
        )

    @classmethod
    def _price(cls, product, date_from, power, energy, date_to=False):
        vals = {"product_id": product.id, "date_from": date_from, "date_to": date_to}
        vals.update({f"power_price_p{n}": v for n, v in enumerate(power, 1)})
        vals.update({f"energy_price_p{n}": v for n, v in enumerate(energy, 1)})
        return cls.env["energy.product.price"].create(vals)

    @classmethod
    def _point(cls, number, tariff, state, powers, use=None, partner=None):
        vals = {
            "cups": make_cups(number),
            "access_tariff_id": tariff.id,
            "state_id": state.id,
            "country_id": cls.env.ref("base.es").id,
            "holder_id": (partner or cls.holder).id,
            "meter_owner": "distributor",
            "supply_use_id": use.id if use else False,
        }
        vals.update({f"power_p{n}_kw": v for n, v in enumerate(powers, 1)})
        return cls.env["energy.supply.point"].create(vals)

    def _active_contract(self, point, product, partner=None, on=date(2026, 1, 1)):
        powers = {f"power_p{n}_kw": point[f"power_p{n}_kw"] for n in range(1, 7)}
        contract = (
            self.env["energy.contract"]
            .with_user(self.backoffice)
            .create(
                {
                    "partner_id": (partner or self.holder).id,
                    "supply_point_id": point.id,
                    "request_type": "switch",
                    "product_id": product.id,
                    "bank_iban": "ES91 2100 0418 4502 0005 1332",
                    **powers,
                }
            )
        )
        with contract._exit_checks_waived():
            contract.action_to_validation()
            contract.action_to_signature()
            contract.action_submit()
            contract.action_accept()
        contract.action_activate(date_activated=on)
        return contract

    def _reading(self, point, start, end, kwh, **vals):
        values = {
            "supply_point_id": point.id,
            "date_start": start,
            "date_end": end,
            **{f"kwh_p{n}": v for n, v in enumerate(kwh, 1)},
            **vals,
        }
        return self.Reading.with_user(self.backoffice).create(values)

    def _bill(self, point, product, start, end, kwh):
        request = self.engine._request_from_supply(product, point, start, end, kwh)
        return self.engine._compute_bills([request])[0]

    def _amounts(self, result, kind):
        return [
            float(line["amount"]) for line in result["lines"] if line["kind"] == kind
        ]


class BillingCase(BillingWorld, TransactionCase):
    """The billing world in a transaction rolled back after each test."""


class BillingHttpCase(BillingWorld, HttpCase):
    """The billing world, served over HTTP (portal tests)."""
