# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from . import common


@tagged("post_install", "-at_install")
class TestEnergyTaxSetting(common.PricingCase):
    """Tax parameters in force for a company, a day and an electric zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Comercializadora Test"})
        cls.manager.write(
            {
                "company_ids": [Command.link(cls.company.id)],
                "company_id": cls.company.id,
            }
        )
        cls.TaxSetting = cls.env["energy.tax.setting"].with_user(cls.manager)
        cls.IndirectTax = cls.env["energy.indirect.tax"].with_user(cls.manager)
        common_vals = {
            "company_id": cls.company.id,
            "electricity_tax_min_industrial": 0.5,
            "electricity_tax_min_other": 1.0,
            "meter_rental_single_phase": 0.81,
            "meter_rental_three_phase": 1.36,
        }
        cls.reduced = cls.TaxSetting.create(
            {
                **common_vals,
                "date_from": date(2024, 4, 1),
                "date_to": date(2024, 6, 30),
                "electricity_tax_rate": 3.8,
            }
        )
        cls.general = cls.TaxSetting.create(
            {
                **common_vals,
                "date_from": date(2024, 7, 1),
                "electricity_tax_rate": 5.11269632,
            }
        )
        cls.vat = cls.IndirectTax.create(
            {
                "company_id": cls.company.id,
                "zone": "peninsula",
                "date_from": date(2024, 1, 1),
                "rate": 21.0,
                "domestic_rate": 21.0,
                "meter_rental_rate": 21.0,
            }
        )
        cls.igic = cls.IndirectTax.create(
            {
                "company_id": cls.company.id,
                "zone": "canary",
                "date_from": date(2024, 1, 1),
                "rate": 3.0,
                "domestic_rate": 0.0,
                "meter_rental_rate": 7.0,
            }
        )

    def _parameters(self, day, zone):
        return self.TaxSetting._get_tax_parameters(day, zone, self.company)

    def test_peninsula_gets_vat_and_the_electricity_tax_in_force(self):
        parameters = self._parameters(date(2026, 3, 1), "peninsula")
        self.assertEqual(parameters["tax_setting"], self.general)
        self.assertEqual(parameters["electricity_tax_rate"], 5.11269632)
        self.assertEqual(parameters["electricity_tax_min_industrial"], 0.5)
        self.assertEqual(parameters["electricity_tax_min_other"], 1.0)
        self.assertEqual(parameters["meter_rental_single_phase"], 0.81)
        self.assertEqual(parameters["meter_rental_three_phase"], 1.36)
        self.assertEqual(parameters["indirect_tax_type"], "vat")
        self.assertEqual(parameters["indirect_tax_rate"], 21.0)

    def test_canary_islands_get_igic_with_their_own_rates(self):
        parameters = self._parameters(date(2026, 3, 1), "canary")
        self.assertEqual(parameters["indirect_tax"], self.igic)
        self.assertEqual(parameters["indirect_tax_type"], "igic")
        self.assertEqual(parameters["indirect_tax_rate"], 3.0)
        self.assertEqual(parameters["indirect_tax_domestic_rate"], 0.0)
        self.assertEqual(parameters["indirect_tax_meter_rental_rate"], 7.0)
        self.assertEqual(parameters["electricity_tax_rate"], 5.11269632)

    def test_past_day_gets_the_rate_in_force_then(self):
        self.assertEqual(
            self._parameters(date(2024, 6, 30), "peninsula")["electricity_tax_rate"],
            3.8,
        )
        self.assertEqual(
            self._parameters(date(2024, 7, 1), "peninsula")["electricity_tax_rate"],
            5.11269632,
        )

    def test_day_without_settings_says_so(self):
        with self.assertRaisesRegex(
            UserError,
            "No electricity tax settings of Comercializadora Test are in force on "
            "03/31/2024",
        ):
            self._parameters(date(2024, 3, 31), "peninsula")

    def test_zone_without_indirect_tax_says_so(self):
        with self.assertRaisesRegex(
            UserError, "No indirect tax .* of Comercializadora Test .* in Ceuta"
        ):
            self._parameters(date(2026, 3, 1), "ceuta")

    def test_settings_of_another_company_are_not_used(self):
        other = self.env["res.company"].create({"name": "Otra Comercializadora"})
        with self.assertRaisesRegex(UserError, "Otra Comercializadora"):
            self.env["energy.tax.setting"]._get_tax_parameters(
                date(2026, 3, 1), "peninsula", other
            )

    def test_overlapping_electricity_tax_settings_are_rejected(self):
        with (
            self.assertRaisesRegex(ValidationError, "overlaps"),
            self.cr.savepoint(),
        ):
            self.reduced.date_to = date(2024, 7, 15)
        self.reduced.invalidate_recordset()
        self.assertEqual(self.reduced.date_to, date(2024, 6, 30))

    def test_overlapping_indirect_tax_in_the_same_zone_is_rejected(self):
        count = self.IndirectTax.search_count([("company_id", "=", self.company.id)])
        with (
            self.assertRaisesRegex(ValidationError, "overlaps VAT Peninsula"),
            self.cr.savepoint(),
        ):
            self.IndirectTax.create(
                {
                    "company_id": self.company.id,
                    "zone": "peninsula",
                    "date_from": date(2026, 1, 1),
                    "rate": 10.0,
                    "domestic_rate": 10.0,
                    "meter_rental_rate": 21.0,
                }
            )
        self.assertEqual(
            self.IndirectTax.search_count([("company_id", "=", self.company.id)]),
            count,
        )

    def test_rate_above_100_is_rejected(self):
        with (
            self.assertRaisesRegex(ValidationError, "between 0 and 100"),
            self.cr.savepoint(),
        ):
            self.general.electricity_tax_rate = 511.269632
        self.general.invalidate_recordset()
        self.assertEqual(self.general.electricity_tax_rate, 5.11269632)

    def test_manager_adds_a_zone_through_the_form_and_the_tax_follows_the_zone(
        self,
    ):
        form = Form(self.IndirectTax)
        form.zone = "melilla"
        self.assertEqual(form.tax_type, "ipsi")
        form.date_from = date(2025, 1, 1)
        form.rate = 1.0
        form.domestic_rate = 1.0
        form.meter_rental_rate = 1.0
        form.save()
        parameters = self._parameters(date(2026, 3, 1), "melilla")
        self.assertEqual(parameters["indirect_tax_type"], "ipsi")
        self.assertEqual(parameters["indirect_tax_rate"], 1.0)

    def test_main_company_ships_the_taxes_in_force(self):
        main = self.env.ref("base.main_company")
        TaxSetting = self.env["energy.tax.setting"]
        peninsula = TaxSetting._get_tax_parameters(date(2026, 3, 1), "peninsula", main)
        self.assertEqual(peninsula["electricity_tax_rate"], 5.11269632)
        self.assertEqual(peninsula["indirect_tax_type"], "vat")
        self.assertEqual(peninsula["indirect_tax_rate"], 21.0)
        for zone, tax_type in (
            ("balearic", "vat"),
            ("canary", "igic"),
            ("ceuta", "ipsi"),
            ("melilla", "ipsi"),
        ):
            parameters = TaxSetting._get_tax_parameters(date(2026, 3, 1), zone, main)
            self.assertEqual(parameters["indirect_tax_type"], tax_type, zone)
