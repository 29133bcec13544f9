# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cross-addon checks of the whole suite, run against the database that
scripts/test installs: every addon is installed, served over HTTP, and ships
translation templates that match its code."""

import ast
import io
import json
from pathlib import Path

import polib

from odoo.tests import HttpCase, TransactionCase
from odoo.tools.translate import trans_export

ADDONS_DIR = Path(__file__).resolve().parents[1] / "addons"
SUITE = sorted(p.parent.name for p in ADDONS_DIR.glob("*/__manifest__.py"))


class SuiteCaseMixin:
    """Odoo tags test classes of odoo.addons.* itself; these live outside."""

    test_tags = {"standard", "post_install"}
    test_module = "energy_suite"


class TestSuiteInstalled(SuiteCaseMixin, TransactionCase):
    def test_every_suite_addon_is_installed(self):
        installed = self.env["ir.module.module"].search(
            [("name", "in", SUITE), ("state", "=", "installed")]
        )
        self.assertEqual(sorted(installed.mapped("name")), SUITE)

    def test_every_manifest_is_agpl_and_versioned_for_18(self):
        for name in SUITE:
            manifest = ast.literal_eval(
                (ADDONS_DIR / name / "__manifest__.py").read_text()
            )
            self.assertEqual(manifest["license"], "AGPL-3", name)
            self.assertTrue(manifest["version"].startswith("18.0."), name)
            for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
                self.assertTrue(
                    (ADDONS_DIR / name / "readme" / fragment).is_file(), name
                )

    def test_translation_templates_are_up_to_date(self):
        """The committed .pot holds exactly what Odoo exports from the code,
        and es.po translates every message of it."""
        for name in SUITE:
            buffer = io.BytesIO()
            trans_export(None, [name], buffer, "po", self.env.cr)
            exported = {e.msgid for e in polib.pofile(buffer.getvalue().decode())}
            i18n = ADDONS_DIR / name / "i18n"
            committed = {e.msgid for e in polib.pofile(str(i18n / f"{name}.pot"))}
            self.assertEqual(
                exported - committed, set(), f"{name}: run scripts/i18n {name}"
            )
            self.assertEqual(
                committed - exported, set(), f"{name}: run scripts/i18n {name}"
            )
            spanish = {e.msgid for e in polib.pofile(str(i18n / "es.po")) if e.msgstr}
            self.assertEqual(exported - spanish, set(), f"{name}: translate es.po")


class TestSuiteServed(SuiteCaseMixin, HttpCase):
    def test_login_page_is_served(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="login"', response.text)

    def test_admin_gets_the_energy_app_in_spanish_too(self):
        self.authenticate("admin", "admin")
        menus = json.loads(self.url_open("/web/webclient/load_menus/1").text)
        apps = {menus[str(menu_id)]["name"] for menu_id in menus["root"]["children"]}
        self.assertIn("Energy", apps)
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"].search(
            [("name", "in", SUITE)]
        )._update_translations("es_ES")
        self.env.ref("base.user_admin").lang = "es_ES"
        self.authenticate("admin", "admin")
        menus = json.loads(self.url_open("/web/webclient/load_menus/2").text)
        apps = {menus[str(menu_id)]["name"] for menu_id in menus["root"]["children"]}
        self.assertIn("Energía", apps)

    def test_internal_user_without_role_gets_no_energy_app(self):
        self.env["res.users"].create(
            {"name": "Plain Employee", "login": "plain", "password": "plain-pass-1"}
        )
        self.authenticate("plain", "plain-pass-1")
        menus = json.loads(self.url_open("/web/webclient/load_menus/1").text)
        apps = {menus[str(menu_id)]["name"] for menu_id in menus["root"]["children"]}
        self.assertNotIn("Energy", apps)
