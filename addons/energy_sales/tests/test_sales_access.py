# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError

from .common import SalesCase


class TestSalesAccess(SalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"]
        cls.channel_user = Users.search([("login", "=", "channel")])
        cls.channel = cls.channel_user.commercial_partner_id
        cls.other_channel = cls.env["res.partner"].search(
            [
                ("is_energy_channel", "=", True),
                (
                    "id",
                    "not in",
                    cls.env["res.partner"]
                    .search([("id", "child_of", cls.channel.id)])
                    .ids,
                ),
                ("parent_id", "=", False),
            ],
            limit=1,
        )
        cls.own_lead = cls.Lead.create(
            {"name": "Agent 1 lead", "user_id": cls.agent.id}
        )
        cls.others_lead = cls.Lead.create(
            {"name": "Agent 2 lead", "user_id": cls.other_agent.id}
        )
        cls.channel_lead = cls.Lead.create(
            {"name": "Channel lead", "channel_id": cls.channel.id}
        )
        cls.other_channel_lead = cls.Lead.create(
            {"name": "Other channel lead", "channel_id": cls.other_channel.id}
        )

    def test_agent_sees_own_leads_not_another_agents(self):
        visible = self.Lead.with_user(self.agent).search(
            [("id", "in", (self.own_lead | self.others_lead).ids)]
        )
        self.assertEqual(visible, self.own_lead)
        with self.assertRaises(AccessError):
            self.others_lead.with_user(self.agent).write({"name": "Mine now"})

    def test_channel_sees_its_leads_only_and_cannot_edit_them(self):
        self.assertTrue(self.channel_user.has_group("base.group_portal"))
        self.assertTrue(self.other_channel)
        visible = self.Lead.with_user(self.channel_user).search([])
        self.assertIn(self.channel_lead, visible)
        self.assertNotIn(self.other_channel_lead, visible)
        self.assertNotIn(self.own_lead, visible)
        with self.assertRaises(AccessError):
            self.other_channel_lead.with_user(self.channel_user).read(["name"])
        with self.assertRaises(AccessError):
            self.channel_lead.with_user(self.channel_user).write({"name": "X"})

    def test_backoffice_sees_every_lead(self):
        backoffice = self.env["res.users"].search([("login", "=", "backoffice")])
        visible = self.Lead.with_user(backoffice).search(
            [("id", "in", (self.own_lead | self.others_lead).ids)]
        )
        self.assertEqual(len(visible), 2)
