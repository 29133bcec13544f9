# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase

from ..models.crm_lead_demo_portal import DEMO_MARKER


class TestSalesPortalDemo(TransactionCase):
    """The demo of the web and channel leads and of the offers' portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.offers = cls.env["energy.sales.offer"].search(
            [("lead_id.email_from", "=like", DEMO_MARKER.replace("@", "%@"))]
        ) | cls.env["energy.sales.offer"].search(
            [("partner_id.user_ids.login", "=", "customer")]
        )
        cls.leads = (
            cls.env["crm.lead"]
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("submission_ids", "!=", False),
                    ("offer_ids", "in", cls.offers.ids),
                ]
            )
        )

    def test_offers_in_every_state(self):
        states = set(self.offers.mapped("state"))
        self.assertEqual(states, {"draft", "sent", "accepted", "expired", "cancel"})
        sent = self.offers.filtered(lambda o: o.state == "sent")
        self.assertEqual(sent.partner_id.user_ids.login, "customer")
        self.assertTrue(sent.access_token)

    def test_the_accepted_offer_is_signed_and_converted(self):
        accepted = self.offers.filtered(lambda o: o.state == "accepted")
        self.assertTrue(accepted.signed_by and accepted.signed_pdf_sha256)
        contract = accepted.contract_id
        self.assertEqual(contract.lead_id, accepted.lead_id)
        self.assertEqual(contract.offer_id, accepted)
        self.assertEqual(contract.document_ids.document_type_id.code, "signed_offer")
        self.assertEqual(contract.document_ids.state, "received")
        self.assertTrue(accepted.lead_id.stage_id.is_won)

    def test_leads_at_every_stage_from_the_web_and_a_channel(self):
        stages = self.env["crm.stage"].search([("team_id", "=", False)])
        self.assertEqual(set(self.leads.stage_id.ids), set(stages.ids))
        self.assertTrue(self.leads.filtered(lambda lead: not lead.active))
        origins = set(self.leads.submission_ids.mapped("origin"))
        self.assertEqual(origins, {"web", "channel"})
        channel_lead = self.leads.filtered("channel_id")
        self.assertEqual(
            channel_lead.channel_id,
            self.env.ref("energy_contract.demo_channel_levante"),
        )
        self.assertEqual(channel_lead.consent_origin, "channel")
