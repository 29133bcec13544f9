# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlparse

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.energy_contract_signature.tests import signature_common


@tagged("post_install", "-at_install")
class TestContractPortal(signature_common.SignatureWorld, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()

    def _get(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response

    # ------------------------------------------------------------------
    # Customer
    # ------------------------------------------------------------------

    def test_customer_lists_own_requests_only(self):
        self.authenticate("sig_customer", "sig_customer")
        page = self._get("/my/contracts").text
        self.assertIn(self.contract.name, page)
        self.assertNotIn(self.other_contract.name, page)
        self.assertNotIn(self.channel_contract.name, page)

    def test_customer_opens_own_request(self):
        self.authenticate("sig_customer", "sig_customer")
        page = self._get(self.contract.access_url).text
        self.assertIn(self.contract.name, page)
        self.assertIn(self.contract.supply_point_id.cups_formatted, page)
        self.assertIn("modal_energy_contract_sign", page)

    def test_customer_cannot_open_another_customers_request(self):
        self.authenticate("sig_customer", "sig_customer")
        response = self.url_open(self.other_contract.access_url)
        self.assertEqual(urlparse(response.url).path, "/my")
        self.assertNotIn(self.other_contract.name, response.text)
        with self.assertRaises(AccessError):
            self.other_contract.with_user(self.customer_user).read(["name"])

    def test_portal_customer_cannot_change_a_request(self):
        with self.assertRaises(AccessError):
            self.contract.with_user(self.customer_user).write({"bank_iban": False})

    def test_home_counts_requests_and_requests_to_sign(self):
        self.authenticate("sig_customer", "sig_customer")
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["energy_contract_count", "energy_contract_to_sign_count"]},
        )
        self.assertEqual(counters["energy_contract_count"], 1)
        self.assertEqual(counters["energy_contract_to_sign_count"], 1)

    def test_search_by_cups_finds_the_request(self):
        self.authenticate("sig_channel_agent", "sig_channel_agent")
        cups = self.channel_contract.cups
        page = self._get(f"/my/contracts?search={cups.lower()}&search_in=cups").text
        self.assertIn(self.channel_contract.name, page)
        self.assertNotIn(self.contract.name, page)

    # ------------------------------------------------------------------
    # Channels
    # ------------------------------------------------------------------

    def test_channel_user_sees_its_channel_and_subchannels(self):
        self.authenticate("sig_channel_agent", "sig_channel_agent")
        page = self._get("/my/contracts").text
        self.assertIn(self.contract.name, page)  # sold by the sub-channel
        self.assertIn(self.channel_contract.name, page)
        self.assertNotIn(self.other_contract.name, page)
        visible = self.Contract.with_user(self.channel_user).search([])
        self.assertEqual(visible, self.contract | self.channel_contract)

    def test_channel_list_costs_the_same_queries_whatever_its_length(self):
        self.authenticate("sig_channel_agent", "sig_channel_agent")
        self._get("/my/contracts")  # warm the caches (assets, views, session)
        start = self.cr.sql_log_count
        self._get("/my/contracts")
        short_list = self.cr.sql_log_count - start
        customers = self.env["res.partner"].create(
            [{"name": f"Cliente Portal {n}"} for n in range(12)]
        )
        points = self.env["energy.supply.point"].create(
            [
                {"cups": signature_common.make_cups(f"0021{9200 + n:012d}")}
                for n in range(12)
            ]
        )
        for customer, point in zip(customers, points, strict=True):
            self._request(customer, point, self.subchannel, bank_iban=False)
        self._get("/my/contracts")  # flush what the new requests left pending
        start = self.cr.sql_log_count
        page = self._get("/my/contracts").text
        self.assertEqual(page.count("o_energy_contract_row"), 14)
        self.assertEqual(self.cr.sql_log_count - start, short_list)

    def test_subchannel_user_does_not_see_its_parent_channel_requests(self):
        self.authenticate("sig_subchannel_agent", "sig_subchannel_agent")
        page = self._get("/my/contracts").text
        self.assertIn(self.contract.name, page)
        self.assertNotIn(self.channel_contract.name, page)
        with self.assertRaises(AccessError):
            self.channel_contract.with_user(self.subchannel_user).read(["name"])

    def test_channel_user_opens_a_request_but_is_not_offered_to_sign(self):
        self.authenticate("sig_channel_agent", "sig_channel_agent")
        page = self._get(self.contract.access_url).text
        self.assertIn(self.contract.name, page)
        self.assertNotIn("modal_energy_contract_sign", page)
        self.assertIn("Waiting for the customer", page)

    # ------------------------------------------------------------------
    # Token links
    # ------------------------------------------------------------------

    def test_anonymous_visitor_opens_the_request_with_its_link(self):
        page = self._get(self.contract.get_portal_url()).text
        self.assertIn(self.contract.name, page)
        self.assertIn("modal_energy_contract_sign", page)

    def test_anonymous_visitor_without_token_is_sent_to_login(self):
        response = self.url_open(self.contract.access_url)
        self.assertEqual(urlparse(response.url).path, "/web/login")
        self.assertNotIn(self.contract.name, response.text)

    def test_wrong_token_opens_nothing(self):
        self.contract._portal_ensure_token()
        response = self.url_open(
            f"{self.contract.access_url}?access_token=not-the-token"
        )
        self.assertEqual(urlparse(response.url).path, "/web/login")
        self.assertNotIn(self.contract.name, response.text)

    def test_contract_pdf_is_served_from_the_portal(self):
        self.authenticate("sig_customer", "sig_customer")
        response = self._get(f"{self.contract.access_url}?report_type=pdf")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content)
