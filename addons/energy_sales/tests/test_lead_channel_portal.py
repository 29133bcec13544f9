# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.http import Request
from odoo.tests import HttpCase, tagged

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import CUPS_A, CUPS_B


@tagged("post_install", "-at_install")
class TestLeadChannelPortal(HttpCase):
    """A channel's users bring leads from /my/leads/new for their channel or a
    sub-channel, with the customer's consent, and list their subtree's leads;
    nobody brings or sees leads for another channel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lead = cls.env["crm.lead"].with_context(active_test=False)
        Users = cls.env["res.users"]
        cls.channel_user = Users.search([("login", "=", "channel")])
        cls.agent_user = Users.search([("login", "=", "agent")])
        cls.levante = cls.env.ref("energy_contract.demo_channel_levante")
        cls.alicante = cls.env.ref("energy_contract.demo_channel_levante_alicante")
        cls.norte = cls.env.ref("energy_contract.demo_channel_norte")

    def _post(self, **values):
        data = {
            "csrf_token": Request.csrf_token(self),
            "customer_type": "company",
            "contact_name": "Vicente Soler Martí",
            "company_name": "Carpintería Soler SL",
            "vat": "B12345674",
            "phone": "633 44 55 66",
            "email": "carpinteria.soler@example.es",
            "zip": "03004",
            "cups": CUPS_A,
            "consent_basis": "consent",
            "consent_reference": "Hoja firmada 2231",
            **values,
        }
        files = {
            "attachments": (
                "consentimiento.pdf",
                b"%PDF-1.4 consent",
                "application/pdf",
            )
        }
        return self.url_open(
            "/my/leads/new",
            data={k: v for k, v in data.items() if v is not None},
            files=files,
        )

    def test_the_channel_brings_a_lead_for_its_sub_channel_with_consent(self):
        self.authenticate("channel", "channel")
        self.assertEqual(self.url_open("/my/leads/new").status_code, 200)
        response = self._post(channel_id=str(self.alicante.id))
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/leads", response.url)
        lead = self.Lead.search([("vat", "=", "B12345674")])
        self.assertEqual(lead.channel_id, self.alicante)
        self.assertEqual(lead.customer_type, "company")
        self.assertEqual(lead.partner_name, "Carpintería Soler SL")
        self.assertEqual(
            (lead.consent_basis, lead.consent_origin), ("consent", "channel")
        )
        self.assertIn("Hoja firmada 2231", lead.consent_reference)
        self.assertIn(lead.submission_ids.reference, lead.consent_reference)
        self.assertEqual(lead.submission_ids.user_id, self.channel_user)
        self.assertFalse(lead.user_id)
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        )
        self.assertEqual(files.name, "consentimiento.pdf")
        page = self.url_open("/my/leads").text
        self.assertIn(lead.name, page)

    def test_a_tampered_channel_is_refused_and_nothing_is_created(self):
        before = self.Lead.search_count([])
        self.authenticate("channel", "channel")
        response = self._post(channel_id=str(self.norte.id))
        self.assertEqual(response.status_code, 403)
        self.authenticate("agent", "agent")  # the sub-channel's agent
        response = self._post(channel_id=str(self.levante.id))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.Lead.search_count([]), before)

    def test_channels_list_their_subtree_only_page_by_page(self):
        mine, sub, other = self.env["crm.lead"].create(
            [
                {"name": "Lead Levante", "channel_id": self.levante.id},
                {"name": "Lead Alicante", "channel_id": self.alicante.id},
                {"name": "Lead Norte", "channel_id": self.norte.id},
            ]
        )
        self.authenticate("channel", "channel")
        page = self.url_open("/my/leads").text
        self.assertIn(mine.name, page)
        self.assertIn(sub.name, page)
        self.assertNotIn(other.name, page)
        self.authenticate("agent", "agent")
        page = self.url_open("/my/leads").text
        self.assertIn(sub.name, page)
        self.assertNotIn(mine.name, page)
        with self.assertRaises(AccessError):
            mine.with_user(self.agent_user).read(["name"])
        with self.assertRaises(AccessError):
            sub.with_user(self.agent_user).write({"name": "Mine"})
        step = CustomerPortal._items_per_page
        self.env["crm.lead"].create(
            [
                {"name": f"Lead Alicante {n:03d}", "channel_id": self.alicante.id}
                for n in range(step)
            ]
        )
        first = self.url_open("/my/leads").text
        second = self.url_open("/my/leads/page/2").text
        self.assertEqual(first.count("o_energy_lead_row"), step)
        self.assertIn("/my/leads/page/2", first)
        self.assertGreater(second.count("o_energy_lead_row"), 0)

    def test_an_open_lead_is_not_brought_twice(self):
        self.env["crm.lead"].create(
            {"name": "Ya en curso", "cups": CUPS_A, "channel_id": self.norte.id}
        )
        before = self.Lead.search_count([])
        self.authenticate("channel", "channel")
        response = self._post()
        self.assertEqual(response.status_code, 409)
        self.assertIn("already being handled", response.text)
        self.assertNotIn("Ya en curso", response.text)
        self.assertEqual(self.Lead.search_count([]), before)

    def test_the_consent_evidence_is_required(self):
        before = self.Lead.search_count([])
        self.authenticate("channel", "channel")
        response = self._post(consent_reference="", consent_basis=None, cups=CUPS_B)
        self.assertEqual(response.status_code, 400)
        self.assertIn('data-field="consent_reference"', response.text)
        self.assertIn('data-field="consent_basis"', response.text)
        self.assertEqual(self.Lead.search_count([]), before)

    def test_a_customer_is_not_a_channel(self):
        self.authenticate("customer", "customer")
        response = self.url_open("/my/leads/new")
        self.assertTrue(response.url.endswith("/my"))
        response = self._post()
        self.assertTrue(response.url.endswith("/my"))
        self.assertFalse(self.Lead.search([("vat", "=", "B12345674")]))

    def test_the_list_costs_the_same_queries_whatever_its_length(self):
        self.env["crm.lead"].create(
            [{"name": "Lead Alicante", "channel_id": self.alicante.id}]
        )
        self.authenticate("channel", "channel")
        self.url_open("/my/leads")  # warm the caches (assets, views, session)
        start = self.cr.sql_log_count
        self.url_open("/my/leads")
        short_list = self.cr.sql_log_count - start
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Lead Alicante {n}",
                    "channel_id": (self.alicante | self.levante)[n % 2].id,
                    "stage_id": self.env["crm.stage"].search([], limit=1).id,
                }
                for n in range(15)
            ]
        )
        self.url_open("/my/leads")  # flush what the new leads left pending
        start = self.cr.sql_log_count
        page = self.url_open("/my/leads").text
        self.assertGreaterEqual(page.count("o_energy_lead_row"), 16)
        self.assertEqual(self.cr.sql_log_count - start, short_list)
