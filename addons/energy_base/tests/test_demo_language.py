# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from ..tools.demo import demo_env


@tagged("post_install", "-at_install")
class TestDemoLanguage(TransactionCase):
    """The demo speaks Spanish once Spanish is installed, as scripts/run
    installs it; without it, nothing changes."""

    def _demo_users(self):
        return self.env.ref("energy_base.user_demo_backoffice") | self.env.ref(
            "energy_base.user_demo_validation"
        )

    def test_without_spanish_nothing_changes(self):
        installed = dict(self.env["res.lang"].get_installed())
        self.assertNotIn("es_ES", installed, "scripts/test installs English alone")
        langs = self._demo_users().mapped("lang")
        self.assertFalse(self.env["res.users"]._demo_speak_spanish())
        self.assertEqual(self._demo_users().mapped("lang"), langs)
        self.assertEqual(demo_env(self.env).lang, self.env.lang)

    def test_with_spanish_the_demo_logins_and_company_speak_it(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.assertTrue(self.env["res.users"]._demo_speak_spanish())
        self.assertEqual(set(self._demo_users().mapped("lang")), {"es_ES"})
        self.assertEqual(self.env.ref("base.user_admin").lang, "es_ES")
        self.assertEqual(self.env.company.partner_id.lang, "es_ES")
        self.assertEqual(demo_env(self.env).lang, "es_ES")

    def test_demo_company_has_its_logo(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Energía Clara Comercializadora, S.L.")
        self.assertTrue(company.logo)
        self.assertNotEqual(company.logo, self.env["res.company"]._get_logo())
