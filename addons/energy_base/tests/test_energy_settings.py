# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestEnergySettings(TransactionCase):
    def test_ree_code_is_saved_on_the_company_from_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.energy_ree_code = "1234"
        settings.energy_cnmc_code = "R2-123"
        settings.save().execute()
        self.assertEqual(self.env.company.energy_ree_code, "1234")
        self.assertEqual(self.env.company.energy_cnmc_code, "R2-123")

    def test_ree_code_must_be_four_digits(self):
        company = self.env.company
        company.energy_ree_code = "0762"
        for bad_code in ("12A4", "123", "12 4"):
            with (
                self.subTest(code=bad_code),
                self.assertRaises(ValidationError),
                self.cr.savepoint(),
            ):
                company.energy_ree_code = bad_code
        company.invalidate_recordset()
        self.assertEqual(company.energy_ree_code, "0762")

    def test_settings_page_has_an_energy_section(self):
        arch = self.env["res.config.settings"].get_view(
            self.env.ref("base.res_config_settings_view_form").id
        )["arch"]
        self.assertIn('name="energy_base"', arch)
        self.assertIn('name="energy_ree_code"', arch)
