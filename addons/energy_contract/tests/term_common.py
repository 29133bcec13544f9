# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared world of the renewal and withdrawal tests: customers (a Spanish and
an English consumer, a company), a product, supply points and helpers that
move contracts the way users do. No test here: pytest collects every TestCase
class a test module imports."""

from datetime import date

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.energy_base.tests.common import make_cups
from odoo.addons.energy_contract.tests.contract_common import disable_exit_checks

# Contracts of these tests start on this day (12 months, renewing).
ACTIVATED = date(2030, 1, 15)


class ContractTermCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Documents and scoring have their own tests; here the terms alone.
        disable_exit_checks(cls.env)
        cls.Contract = cls.env["energy.contract"]
        cls.company = cls.env.company
        cls.backoffice = new_test_user(
            cls.env, "term_backoffice", groups="energy_base.group_energy_backoffice"
        )
        cls.validator = new_test_user(
            cls.env,
            "term_validator",
            groups="energy_base.group_energy_backoffice,"
            "energy_base.group_energy_validation",
        )
        cls.env["res.lang"]._activate_lang("es_ES")
        Partner = cls.env["res.partner"]
        cls.consumer = Partner.create(
            {
                "name": "Rosa Martín Pardo",
                "vat": "ES12345678Z",
                "email": "rosa.martin@example.es",
                "lang": "es_ES",
            }
        )
        cls.english_consumer = Partner.create(
            {
                "name": "Peter Hall",
                "vat": "ES87654321X",
                "email": "peter.hall@example.com",
                "lang": "en_US",
            }
        )
        cls.firm = Partner.create(
            {
                "name": "Carpintería Ebro, S.L.",
                "is_company": True,
                "vat": "ESB36385870",
                "email": "admin@carpinteriaebro.example",
                "lang": "es_ES",
            }
        )
        cls.tariff = cls.env.ref("energy_base.access_tariff_20td")
        cls.product = cls.env["energy.product"].create(
            {
                "name": "Tarifa Hogar Estable",
                "code": "TERM-HOGAR",
                "access_tariff_id": cls.tariff.id,
            }
        )
        cls.points = cls.env["energy.supply.point"].create(
            [
                {
                    "cups": make_cups(f"0021{n:012d}"),
                    "access_tariff_id": cls.tariff.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "holder_id": cls.consumer.id,
                }
                for n in range(770001, 770061)
            ]
        )

    def setUp(self):
        super().setUp()
        self._free_points = iter(self.points)

    def _take_points(self, count):
        return self.points.browse([next(self._free_points).id for _i in range(count)])

    def _requests(self, points, partner=None, **vals):
        return self.Contract.with_user(self.backoffice).create(
            [
                {
                    "partner_id": (partner or self.consumer).id,
                    "supply_point_id": point.id,
                    "request_type": "switch",
                    "product_id": self.product.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    **vals,
                }
                for point in points
            ]
        )

    def _to_signature(self, requests):
        with requests._exit_checks_waived():
            requests.action_to_validation()
            requests.with_user(self.validator).action_to_signature()

    def _sign(self, request, date_signed):
        """Signed on paper and recorded by the back-office."""
        request.with_user(self.backoffice)._record_signature(
            {
                "signed_by": request.partner_id.name,
                "date_signed": date_signed,
                "signature_method": "recorded",
            },
            document=b"signed on paper",
            filename="signed.txt",
        )

    def _activate(self, requests, on):
        """From wherever they are up to active on `on` (the checks of the
        phases before activation are not what these tests are about)."""
        with requests._exit_checks_waived():
            if requests[:1].state in ("draft", "documentation"):
                self._to_signature(requests)
            requests.action_submit()
            requests.action_accept()
        requests.with_user(self.backoffice).action_activate(date_activated=on)
        return requests

    def _contracts(self, count=1, on=ACTIVATED, **vals):
        """`count` active contracts activated `on` (12 months, renewing)."""
        return self._activate(self._requests(self._take_points(count), **vals), on)

    def _events(self, contract, event_type):
        return contract.event_ids.filtered(lambda e: e.event_type == event_type)
