# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase


class TestSalesDemo(TransactionCase):
    """The demo campaign: found by its agent's login and by search."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.env["res.users"].search([("login", "=", "sales")])
        cls.leads = (
            cls.env["crm.lead"]
            .with_context(active_test=False)
            .search([("user_id", "=", cls.agent.id)])
        )

    def test_demo_campaign_has_leads_at_every_call_stage(self):
        self.assertTrue(self.agent.has_group("energy_sales.group_energy_sales_agent"))
        self.assertEqual(len(self.leads), 4)
        outcomes = set(self.leads.phonecall_ids.mapped("outcome"))
        self.assertEqual(outcomes, {"call_back", "interested", "not_interested"})
        self.assertEqual(len(self.leads.filtered(lambda lead: not lead.active)), 1)
        callback = self.leads.phonecall_ids.filtered(
            lambda call: call.outcome == "call_back"
        ).opportunity_id
        self.assertTrue(callback.activity_ids)

    def test_the_demo_lead_without_consent_cannot_be_called(self):
        lead = self.leads.filtered(lambda lead: not lead.can_call)
        self.assertEqual(len(lead), 1)
        with self.assertRaises(ValidationError):
            self.env["crm.phonecall"].with_user(self.agent).create(
                {"name": "Call", "opportunity_id": lead.id, "direction": "out"}
            )
