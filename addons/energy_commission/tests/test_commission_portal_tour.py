# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCommissionPortalTour(HttpCase):
    """The channel portal in a real browser, as the demo `channel` login."""

    def setUp(self):
        super().setUp()
        self.levante = (
            self.env["res.users"]
            .search([("login", "=", "channel")])
            .partner_id.commercial_partner_id
        )

    def test_channel_disputes_a_commission(self):
        channel_user = self.env["res.users"].search([("login", "=", "channel")])
        line = (
            self.env["energy.commission.line"]
            .with_user(channel_user)
            .search(
                [
                    ("channel_id", "child_of", self.levante.id),
                    ("state", "=", "earned"),
                    ("line_type", "=", "commission"),
                    ("dispute_state", "=", False),
                ],
                limit=1,
            )
        )
        self.assertTrue(line)
        self.start_tour(
            f"/my/commissions/{line.id}",
            "energy_commission_portal_dispute",
            login="channel",
        )
        dispute = line.dispute_ids.filtered(lambda d: d.state == "open")
        self.assertIn("Falta el override", dispute.reason)

    def test_channel_submits_a_request(self):
        self.start_tour(
            "/my/contracts", "energy_commission_portal_new_request", login="channel"
        )
        contract = self.env["energy.contract"].search(
            [("cups", "=", "ES0031405000000001ZV")]
        )
        self.assertEqual(contract.channel_id, self.levante)
        self.assertEqual(contract.state, "documentation")
        self.assertEqual(contract.partner_id.name, "Alberto Ruiz Campos")
