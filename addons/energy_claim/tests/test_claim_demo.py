# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from ..models.claim_lifecycle import CLAIM_STATES


@tagged("post_install", "-at_install")
class TestClaimDemo(TransactionCase):
    """The demo claims (scripts/test installs the suite with demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claims = cls.env["helpdesk.ticket"].search([("tracking_code", "!=", False)])
        cls.users = {
            user.login: user
            for user in cls.env["res.users"].search(
                [("login", "in", ["customer", "channel", "service"])]
            )
        }

    def test_about_150_claims_across_subtypes_and_states(self):
        self.assertTrue(140 <= len(self.claims) <= 200, len(self.claims))
        self.assertGreaterEqual(len(self.claims.claim_subtype_id), 10)
        present = set(self.claims.mapped("state"))
        self.assertTrue(
            present >= {state for state, __ in CLAIM_STATES} - {"waiting_distributor"},
            present,
        )
        resolved = self.claims.filtered(lambda c: c.state == "resolved")
        self.assertTrue(resolved)
        self.assertFalse(resolved.filtered(lambda c: not c.result_id))

    def test_r1_cases_one_closed_by_the_distributor(self):
        with_r1 = self.claims.filtered("r1_case_ids")
        self.assertEqual(len(with_r1), 2)
        closed = with_r1.filtered(lambda c: c.r1_case_ids.state == "closed")
        self.assertEqual(len(closed), 1)
        self.assertEqual(closed.state, "in_progress")
        self.assertEqual(
            (closed.result_id.code, closed.detail_id.code), ("01", "0090102")
        )
        self.assertEqual((with_r1 - closed).state, "waiting_distributor")

    def test_surveys_answered_with_low_scores_followed_up(self):
        answered = self.claims.filtered("csat_score")
        self.assertGreaterEqual(len(answered), 5)
        low = answered.filtered(lambda c: c.csat_score <= 2)
        self.assertTrue(low)
        self.assertTrue(
            all(
                claim.activity_ids.filtered(lambda a: "Unhappy" in (a.summary or ""))
                for claim in low
            )
        )

    def test_demo_logins_see_their_claims(self):
        customer = self.users["customer"]
        own = self.claims.filtered(
            lambda c: c.commercial_partner_id == customer.commercial_partner_id
        )
        self.assertTrue(own, "the customer login has claims")
        visible = (
            self.env["helpdesk.ticket"]
            .with_user(customer)
            .search([("id", "in", self.claims.ids)])
        )
        self.assertEqual(visible, own)
        channel = self.users["channel"]
        subtree = self.env["res.partner"].search(
            [("id", "child_of", channel.commercial_partner_id.id)]
        )
        sold = self.claims.filtered(lambda c: c.sales_channel_id in subtree)
        self.assertTrue(sold, "the channel login's sales have claims")
        self.assertEqual(
            self.env["helpdesk.ticket"]
            .with_user(channel)
            .search([("id", "in", self.claims.ids)]),
            sold,
        )
