# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlparse

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

PER_PAGE = 20  # CustomerPortal._items_per_page


@tagged("post_install", "-at_install")
class TestContractDemoPortal(HttpCase):
    """The demo portal logins (password = login) and the requests each one
    sees on /my/contracts: the customer its own, the channel its own and its
    sub-channel's, the sub-channel's agent the sub-channel's only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["energy.contract"]
        cls.customer_user = cls.env.ref("energy_atr.user_demo_portal_customer")
        cls.channel_user = cls.env.ref("energy_contract.user_demo_portal_channel")
        cls.agent_user = cls.env.ref("energy_contract.user_demo_portal_agent")
        cls.levante = cls.env.ref("energy_contract.demo_channel_levante")
        cls.alicante = cls.env.ref("energy_contract.demo_channel_levante_alicante")
        cls.norte = cls.env.ref("energy_contract.demo_channel_norte")
        cls.customer = cls.customer_user.partner_id.commercial_partner_id
        cls.customer_requests = cls.Contract.search(
            [("partner_id", "child_of", cls.customer.id)]
        )
        cls.levante_requests = cls.Contract.search(
            [("channel_id", "=", cls.levante.id)]
        )
        cls.alicante_requests = cls.Contract.search(
            [("channel_id", "=", cls.alicante.id)]
        )
        cls.norte_requests = cls.Contract.search([("channel_id", "=", cls.norte.id)])

    def _visible(self, user):
        return self.Contract.with_user(user).search([])

    def _counters(self, login):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["energy_contract_count", "energy_contract_to_sign_count"]},
        )

    def _list_page(self, login, **query):
        self.authenticate(login, login)
        url = "/my/contracts"
        if query:
            url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def _rows_found(self, login, request):
        """Rows of /my/contracts when `login` searches `request` by reference
        (the page repeats the searched text, so rows are counted)."""
        page = self._list_page(login, search=request.name, search_in="name")
        return page.count("o_energy_contract_row")

    def _assert_cannot_open(self, login, user, request):
        with self.assertRaises(AccessError):
            request.with_user(user).read(["name"])
        self.authenticate(login, login)
        response = self.url_open(request.access_url)
        self.assertEqual(urlparse(response.url).path, "/my")
        self.assertNotIn(request.name, response.text)

    # ------------------------------------------------------------------
    # The logins
    # ------------------------------------------------------------------

    def test_demo_logins_are_portal_users_of_a_customer_a_channel_and_an_agent(self):
        for user, login in (
            (self.customer_user, "customer"),
            (self.channel_user, "channel"),
            (self.agent_user, "agent"),
        ):
            self.assertEqual(user.login, login)
            self.assertTrue(user._is_portal(), login)
            self.authenticate(login, login)
            self.assertEqual(self.session.uid, user.id, login)
        self.assertTrue(self.customer.is_energy_customer)
        self.assertEqual(self.channel_user.commercial_partner_id, self.levante)
        self.assertEqual(self.agent_user.commercial_partner_id, self.alicante)
        self.assertEqual(self.alicante.parent_id, self.levante)
        self.assertTrue(self.alicante.is_energy_channel)

    # ------------------------------------------------------------------
    # What each one sees
    # ------------------------------------------------------------------

    def test_customer_sees_exactly_its_requests_with_one_to_sign(self):
        own = self.customer_requests
        to_sign = own.filtered(lambda r: r._has_to_be_signed())
        self.assertTrue(to_sign, "the demo customer has a request to sign")
        self.assertEqual(self._visible(self.customer_user), own)
        counters = self._counters("customer")
        self.assertEqual(counters["energy_contract_count"], len(own))
        self.assertEqual(counters["energy_contract_to_sign_count"], len(to_sign))
        self.assertLessEqual(len(own), PER_PAGE)
        page = self._list_page("customer")
        self.assertEqual(page.count("o_energy_contract_row"), len(own))
        for request in own:
            self.assertIn(request.name, page)
        self.authenticate("customer", "customer")
        page = self.url_open(to_sign[0].access_url).text
        self.assertIn("modal_energy_contract_sign", page)

    def test_channel_sees_exactly_its_and_its_sub_channels_requests(self):
        self.assertTrue(self.levante_requests, "the demo channel sold requests")
        self.assertTrue(self.alicante_requests, "the demo sub-channel sold requests")
        expected = self.levante_requests | self.alicante_requests
        self.assertEqual(self._visible(self.channel_user), expected)
        counters = self._counters("channel")
        self.assertEqual(counters["energy_contract_count"], len(expected))
        for request in (self.levante_requests[0], self.alicante_requests[0]):
            self.assertEqual(self._rows_found("channel", request), 1, request.name)

    def test_agent_sees_exactly_its_sub_channels_requests(self):
        self.assertTrue(self.alicante_requests, "the demo sub-channel sold requests")
        self.assertEqual(self._visible(self.agent_user), self.alicante_requests)
        counters = self._counters("agent")
        self.assertEqual(counters["energy_contract_count"], len(self.alicante_requests))
        self.assertEqual(self._rows_found("agent", self.alicante_requests[0]), 1)
        self.assertEqual(self._rows_found("agent", self.levante_requests[0]), 0)

    # ------------------------------------------------------------------
    # What each one cannot open
    # ------------------------------------------------------------------

    def test_customer_cannot_open_another_customers_request(self):
        others = self.Contract.search(
            [("partner_id", "not in", self.customer_requests.partner_id.ids)], limit=1
        )
        self.assertTrue(others)
        self._assert_cannot_open("customer", self.customer_user, others)

    def test_channel_cannot_open_a_sibling_channels_request(self):
        self.assertTrue(self.norte_requests, "the demo has another channel's requests")
        self._assert_cannot_open("channel", self.channel_user, self.norte_requests[0])
        self.assertEqual(self._rows_found("channel", self.norte_requests[0]), 0)

    def test_agent_cannot_open_its_parent_channels_or_a_sibling_channels_request(
        self,
    ):
        self.assertTrue(self.levante_requests and self.norte_requests)
        self._assert_cannot_open("agent", self.agent_user, self.levante_requests[0])
        self._assert_cannot_open("agent", self.agent_user, self.norte_requests[0])
