# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from . import common


@tagged("post_install", "-at_install")
class TestSipsSecurity(common.SipsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sips_import = cls.import_data(common.PS_ERRORS)
        cls.provider = cls.env["energy.sips.provider"].create(
            {
                "name": "CNMC",
                "provider_type": "cnmc",
                "cnmc_client_key": "key",
                "cnmc_client_secret": "secret",
            }
        )

    def test_energy_user_cannot_import(self):
        with self.assertRaises(AccessError):
            self.env["energy.sips.import.wizard"].with_user(self.reader).create(
                {"file": base64.b64encode(self.read_data(common.PS_SAMPLE))}
            )
        with self.assertRaises(AccessError):
            self.env["energy.sips.import"].with_user(self.reader).import_file(
                self.read_data(common.PS_SAMPLE)
            )
        self.assertFalse(self.point(common.CORUNA))

    def test_energy_user_reads_imports_and_their_problems_but_cannot_change_them(self):
        sips_import = self.sips_import.with_user(self.reader)
        self.assertEqual(sips_import.rejected_count, 6)
        self.assertTrue(sips_import.line_ids.mapped("message"))
        with self.assertRaises(AccessError):
            sips_import.write({"state": "failed"})
        with self.assertRaises(AccessError):
            sips_import.line_ids[:1].write({"message": "nothing"})

    def test_back_office_can_import(self):
        sips_import = (
            self.env["energy.sips.import.wizard"]
            .with_user(self.backoffice)
            .create(
                {
                    "file": base64.b64encode(self.read_data(common.PS_SAMPLE)),
                    "filename": "ps.csv",
                }
            )
            .action_import()
        )
        self.assertEqual(
            self.env["energy.sips.import"].browse(sips_import["res_id"]).created_count,
            3,
        )

    def test_back_office_cannot_delete_imports_nor_configure_providers(self):
        with self.assertRaises(AccessError):
            self.sips_import.with_user(self.backoffice).unlink()
        with self.assertRaises(AccessError):
            self.env["energy.sips.provider"].with_user(self.backoffice).create(
                {"name": "Mine", "provider_type": "file"}
            )

    def test_only_managers_read_provider_credentials(self):
        for user in (self.reader, self.backoffice):
            provider = self.provider.with_user(user)
            self.assertEqual(provider.name, "CNMC")
            with self.assertRaises(AccessError):
                provider.read(["cnmc_client_secret"])
            with self.assertRaises(AccessError):
                provider.mapped("p0_password")
        self.assertEqual(
            self.provider.with_user(self.manager).cnmc_client_secret, "secret"
        )

    def test_energy_user_cannot_look_up(self):
        with self.assertRaises(AccessError):
            self.provider.with_user(self.reader).lookup([common.HOUSEHOLD])
        with self.assertRaises(AccessError):
            self.env["energy.sips.lookup.wizard"].with_user(self.reader).create(
                {"cups_text": common.HOUSEHOLD}
            )

    def test_imports_of_another_company_are_invisible(self):
        other = self.env["res.company"].create({"name": "Filial Norte"})
        outsider = new_test_user(
            self.env,
            login="sips_other_company",
            groups="energy_base.group_energy_manager",
            company_id=other.id,
            company_ids=[Command.set([other.id])],
        )
        Import = self.env["energy.sips.import"].with_user(outsider)
        self.assertFalse(Import.search([("id", "=", self.sips_import.id)]))
        with self.assertRaises(AccessError):
            self.sips_import.with_user(outsider).read(["name"])
        with self.assertRaises(AccessError):
            self.sips_import.line_ids[:1].with_user(outsider).read(["message"])
        self.assertFalse(
            self.env["energy.sips.provider"]
            .with_user(outsider)
            .search([("id", "=", self.provider.id)])
        )
