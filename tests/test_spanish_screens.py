# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A Spanish back-office user and a Spanish portal customer see no English.

The test database is installed in English (the suite's tests read English
labels), so this test loads Spanish itself, makes every demo login speak it
(as scripts/run does), and opens, as each staff role, every screen of the
Energy menus that role can reach (the first role that reaches a screen opens
it), then the main portal pages as the customer and as the channel. A screen
fails when it shows one of the suite's English source strings that has a
Spanish translation: a label, a state, a button, a menu, a placeholder or a
tooltip left untranslated, or text stored in English where the display should
translate it."""

import json
import re
from pathlib import Path

import polib
from lxml import html
from test_suite_install import SuiteCaseMixin

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase

from odoo.addons.energy_base.tools.demo import DEMO_LANG, speak_spanish

ADDONS_DIR = Path(__file__).resolve().parents[1] / "addons"
STAFF_LOGINS = [
    "backoffice",
    "validation",
    "collections",
    "service",
    "accounts",
    "manager",
    "sales",
]
PORTAL_PAGES = {
    "customer": [
        "/my",
        "/my/contracts",
        "/my/tickets",
        "/my/payment-plans",
        "/my/supplies",
        "/my/invoices",
        "/my/bank",
        "/my/account",
        "/my/surveys",
    ],
    "channel": [
        "/my",
        "/my/contracts",
        "/my/commissions",
        "/my/settlements",
        "/my/leads",
        "/my/leads/new",
    ],
}
# Odoo's own web client: its strings (the systray's "Messages", the binary
# field's "Download", the gear's "Settings") are Odoo's to translate, even when
# the suite's models inherit them.
CORE_MODULES = ["base", "web", "mail", "portal"]
# Screens of the menus opened by another test in English only (no data of
# their own to show a Spanish user); none today.
SKIPPED_ACTIONS = set()


def core_terms():
    terms = set()
    for module in CORE_MODULES:
        po_file = Path(get_module_path(module)) / "i18n" / "es.po"
        terms.update(entry.msgid.strip() for entry in polib.pofile(str(po_file)))
    return terms


def english_terms():
    """The suite's English source strings that Spanish translates: whole
    labels, not format strings or sentences with placeholders, nor Odoo's own
    web client strings the suite's models inherit."""
    terms = set()
    for po_file in ADDONS_DIR.glob("*/i18n/es.po"):
        for entry in polib.pofile(str(po_file)).translated_entries():
            source = entry.msgid.strip()
            if (
                entry.msgstr.strip() != source
                and 3 <= len(source) <= 80
                and "\n" not in source
                and not re.search(r"[%{}<>]", source)
                and re.search(r"[A-Za-z]{3}", source)
            ):
                terms.add(source)
    return terms - core_terms()


class TestSpanishScreens(SuiteCaseMixin, HttpCase):
    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(DEMO_LANG)
        cls.env["ir.module.module"].search(
            [("state", "=", "installed")]
        )._update_translations([DEMO_LANG])
        if not speak_spanish(cls.env):
            raise RuntimeError("Spanish could not be loaded")
        cls.english = sorted(english_terms())
        cls.root = cls.env.ref("energy_base.menu_energy_root")

    def _screens(self):
        """(login, action) of every window action of the Energy menus, with
        the first staff role that reaches it."""
        users = self.env["res.users"].search([("login", "in", STAFF_LOGINS)])
        self.assertGreaterEqual(len(users), 6, "the staff demo logins")
        seen, screens = set(), []
        for login in STAFF_LOGINS:
            user = users.filtered(lambda u, login=login: u.login == login)
            if not user:
                continue
            menus = (
                self.env["ir.ui.menu"]
                .with_user(user)
                .search([("id", "child_of", self.root.id), ("action", "!=", False)])
            )
            for menu in menus:
                action = menu.action
                if (
                    action._name != "ir.actions.act_window"
                    or action.target == "new"
                    or action.id in seen
                    or action.xml_id in SKIPPED_ACTIONS
                ):
                    continue
                seen.add(action.id)
                screens.append((user, action))
        return screens

    def test_every_energy_screen_shows_spanish_to_each_role(self):
        screens = self._screens()
        self.assertGreaterEqual(len(screens), 30, "the Energy screens")
        terms = json.dumps(self.english)
        for user, action in screens:
            with self.subTest(login=user.login, action=action.xml_id or action.name):
                self.start_tour(
                    f"/odoo/action-{action.id}",
                    "energy_spanish_screen_tour",
                    login=user.login,
                    code=f"window.energyEnglishTerms = {terms}; "
                    "odoo.startTour('energy_spanish_screen_tour', "
                    '{"stepDelay": 0})',
                )

    def test_a_request_form_shows_spanish_to_the_backoffice(self):
        request = self.env.ref("energy_atr.demo_request_001")
        self.start_tour(
            f"/odoo/action-energy_contract.energy_contract_action/{request.id}",
            "energy_spanish_screen_tour",
            login="backoffice",
            code=f"window.energyEnglishTerms = {json.dumps(self.english)}; "
            "odoo.startTour('energy_spanish_screen_tour', {\"stepDelay\": 0})",
        )

    def _portal_pages(self):
        """PORTAL_PAGES, and the supply offer sent to the demo customer."""
        pages = {login: list(urls) for login, urls in PORTAL_PAGES.items()}
        customer = self.env["res.users"].search([("login", "=", "customer")])
        offer = self.env["energy.sales.offer"].search(
            [("partner_id", "=", customer.partner_id.id), ("state", "=", "sent")],
            limit=1,
        )
        self.assertTrue(offer, "the demo offer sent to the customer")
        pages["customer"].append(f"/my/offers/{offer.id}")
        # a supply point of the customer's, with its contract in force, and
        # the requests that contract's page offers (power, holder, ending)
        contract = self.env["energy.contract"].search(
            [
                (
                    "partner_id",
                    "child_of",
                    customer.partner_id.commercial_partner_id.id,
                ),
                ("state", "=", "active"),
            ],
            limit=1,
        )
        self.assertTrue(contract, "an active contract of the demo customer")
        pages["customer"] += [
            f"/my/supplies/{contract.supply_point_id.id}",
            f"/my/contracts/{contract.id}/power",
            f"/my/contracts/{contract.id}/holder",
            f"/my/contracts/{contract.id}/termination",
        ]
        return pages

    def test_the_portal_pages_show_spanish(self):
        english = set(self.english)
        for login, pages in self._portal_pages().items():
            self.authenticate(login, login)
            for page in pages:
                with self.subTest(login=login, page=page):
                    response = self.url_open(page)
                    self.assertEqual(response.status_code, 200)
                    body = html.fromstring(response.content).find("body")
                    for bad in body.xpath("//script|//style|//template"):
                        bad.drop_tree()
                    texts = {
                        " ".join(text.split())
                        for text in body.itertext()
                        if text.strip()
                    }
                    for element in body.xpath("//*[@placeholder or @title]"):
                        texts.update(
                            element.get(name).strip()
                            for name in ("placeholder", "title")
                            if element.get(name)
                        )
                    self.assertFalse(sorted(texts & english), page)
