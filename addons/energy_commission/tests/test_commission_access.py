# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .commission_common import CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionAccess(CommissionCase):
    """Channel A sees its lines and settlements and its sub-channel A1's; A1's
    agent only A1's; channel B none of them; nobody on the portal writes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]

        def portal_user(login, name, channel):
            contact = Partner.create({"name": name, "parent_id": channel.id})
            return new_test_user(
                cls.env, login, groups="base.group_portal", partner_id=contact.id
            )

        cls.user_a = portal_user("com_portal_a", "Vicente Soler Martí", cls.channel_a)
        cls.agent_a1 = portal_user(
            "com_portal_a1", "Nuria Campos Lorenzo", cls.channel_a1
        )
        cls.user_b = portal_user("com_portal_b", "Iker Etxeberria Goñi", cls.channel_b)

    def setUp(self):
        super().setUp()
        self.sale_a = self._activate(self._contracts(self.channel_a))
        self.sale_a1 = self._activate(self._contracts(self.channel_a1))
        self.sale_b = self._activate(self._contracts(self.channel_b))
        self.Line._cron_earn(date(2026, 3, 31))
        self.settlements = self.Settlement._settle(
            self.channel_a | self.channel_a1 | self.channel_b, date(2026, 3, 31)
        )

    def _seen(self, user, model="energy.commission.line"):
        return self.env[model].with_user(user).search([])

    def test_channel_sees_its_subtree(self):
        lines = self._seen(self.user_a)
        self.assertEqual(lines.channel_id, self.channel_a | self.channel_a1)
        self.assertEqual(lines.contract_id, self.sale_a | self.sale_a1)
        self.assertEqual(
            self._seen(self.user_a, "energy.commission.settlement").channel_id,
            self.channel_a | self.channel_a1,
        )

    def test_agent_of_a_sub_channel_sees_only_it(self):
        lines = self._seen(self.agent_a1)
        self.assertEqual(lines.channel_id, self.channel_a1)
        # the override A earns on A1's sale is A's, not the agent's
        self.assertNotIn(self.channel_a, lines.channel_id)
        a_line = self._lines(self.sale_a)
        with self.assertRaises(AccessError):
            a_line.with_user(self.agent_a1).read(["amount"])

    def test_channel_b_sees_nothing_of_a(self):
        self.assertEqual(self._seen(self.user_b).channel_id, self.channel_b)
        a_settlement = self.settlements.filtered(
            lambda s: s.channel_id == self.channel_a
        )
        with self.assertRaises(AccessError):
            a_settlement.with_user(self.user_b).read(["amount_total"])

    def test_portal_writes_nothing(self):
        own = self._lines(self.sale_b).with_user(self.user_b)
        with self.assertRaises(AccessError):
            own.write({"note": "paid twice please"})
        settlement = self.settlements.filtered(
            lambda s: s.channel_id == self.channel_b
        ).with_user(self.user_b)
        with self.assertRaises(AccessError):
            settlement.action_validate()

    def test_demo_logins_see_their_channels(self):
        Users = self.env["res.users"]
        channel = Users.search([("login", "=", "channel")])
        agent = Users.search([("login", "=", "agent")])
        levante = channel.partner_id.commercial_partner_id
        alicante = agent.partner_id.commercial_partner_id
        self.assertEqual(alicante.parent_id, levante)
        channel_lines = self._seen(channel)
        agent_lines = self._seen(agent)
        self.assertTrue(channel_lines)
        self.assertTrue(agent_lines)
        self.assertEqual(channel_lines.channel_id, levante | alicante)
        self.assertEqual(agent_lines.channel_id, alicante)
        self.assertGreater(len(channel_lines), len(agent_lines))
