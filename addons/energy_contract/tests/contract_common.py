# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared world of the contract tests of the core and of the capability
addons (no test methods here: pytest collects every TestCase class a test
module imports)."""

from datetime import date

from stdnum.es import cups as stdnum_cups

from odoo.tests import TransactionCase, new_test_user


def make_cups(number):
    base = f"ES0031{number:012d}"
    return base + stdnum_cups.calc_check_digits(base)


def disable_exit_checks(env):
    """Turn off every exit check the installed capability addons put on the
    phases (documents, scoring...): tests of the lifecycle alone."""
    phases = env["energy.contract.phase"].with_context(active_test=False).search([])
    checks = [
        name
        for name, field in phases._fields.items()
        if name.startswith("check_") and field.type == "boolean"
    ]
    phases.write(dict.fromkeys(checks, False))


class ContractCase(TransactionCase):
    """Users per role, two holders, a product and supply points on 2.0TD, and
    helpers that move requests the way users and the switching addon do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Documents and scoring have their own tests; here the lifecycle alone.
        disable_exit_checks(cls.env)
        cls.Contract = cls.env["energy.contract"]
        cls.backoffice = new_test_user(
            cls.env, "cv_backoffice", groups="energy_base.group_energy_backoffice"
        )
        cls.validator = new_test_user(
            cls.env,
            "cv_validator",
            groups="energy_base.group_energy_backoffice,"
            "energy_base.group_energy_validation",
        )
        cls.manager = new_test_user(
            cls.env, "cv_manager", groups="energy_base.group_energy_manager"
        )
        cls.reader = new_test_user(
            cls.env, "cv_reader", groups="energy_base.group_energy_user"
        )
        cls.tariff = cls.env.ref("energy_base.access_tariff_20td")
        cls.holder = cls.env["res.partner"].create(
            {
                "name": "Lucía Navarro Gil",
                "vat": "ES12345678Z",
                "email": "lucia.navarro@example.es",
            }
        )
        cls.known_holder = cls.env["res.partner"].create(
            {
                "name": "Javier Ortega Sanz",
                "vat": "ES87654321X",
                "email": "javier.ortega@example.es",
            }
        )
        cls.product = cls.env["energy.product"].create(
            {
                "name": "Tarifa Hogar Fija",
                "code": "CV-HOGAR",
                "access_tariff_id": cls.tariff.id,
            }
        )
        cls.other_product = cls.env["energy.product"].create(
            {
                "name": "Tarifa Hogar Noche",
                "code": "CV-NOCHE",
                "access_tariff_id": cls.tariff.id,
            }
        )
        cls.points = cls.env["energy.supply.point"].create(
            [
                {
                    "cups": make_cups(n),
                    "access_tariff_id": cls.tariff.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "holder_id": cls.holder.id,
                }
                for n in range(1, 5)
            ]
        )

    def _request(self, point=None, user=None, **vals):
        return self.Contract.with_user(user or self.backoffice).create(
            {
                "partner_id": self.holder.id,
                "supply_point_id": (point or self.points[0]).id,
                "request_type": "switch",
                "product_id": self.product.id,
                "power_p1_kw": 4.6,
                "power_p2_kw": 4.6,
                "bank_iban": "ES91 2100 0418 4502 0005 1332",
                **vals,
            }
        )

    def _to_accepted(self, requests):
        """Up to the distributor's acceptance. Exit checks of other addons
        (documents, scoring, signature) are not what these tests are about."""
        with requests._exit_checks_waived():
            requests.action_to_validation()
            requests.with_user(self.validator).action_to_signature()
            requests.action_submit()
            requests.action_accept()

    def _activate(self, requests, on):
        """Through the lifecycle to active on `on`, as the back-office user."""
        self._to_accepted(requests)
        requests.with_user(self.backoffice).action_activate(date_activated=on)
        return requests

    def _active_contract(self, point=None, on=date(2026, 1, 10), **vals):
        return self._activate(self._request(point, **vals), on)
