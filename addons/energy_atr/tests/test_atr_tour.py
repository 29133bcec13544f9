# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAtrBackofficeTour(HttpCase):
    def test_inbox_dismiss_claim_sent_and_distributor_report(self):
        """On the demo data, in the web client: the back-office dismisses the
        inbox file that matched no case, sends the R1 claim drafted by the
        watchdog and opens the per-distributor report."""
        user = self.env.ref("energy_base.user_demo_backoffice")
        Message = self.env["energy.atr.message"].with_user(user)
        unmatched = Message.search([("state", "=", "unmatched")])
        claim = (
            self.env["energy.atr.case"]
            .with_user(user)
            .search([("process", "=", "R1"), ("state", "=", "draft")], order="id")
        )
        self.assertEqual(len(unmatched), 1, "the demo has one unmatched file")
        self.assertTrue(claim, "the demo has a drafted claim")
        claim = claim[0]
        self.start_tour(
            "/odoo/action-energy_atr.energy_atr_message_action_inbox",
            "energy_atr_backoffice_tour",
            login=user.login,
        )
        self.assertEqual(unmatched.state, "ignored")
        self.assertFalse(unmatched.is_inbox)
        self.assertEqual(claim.state, "open")
        sent = claim.atr_message_ids.filtered(lambda m: m.direction == "out")
        self.assertEqual((sent.process, sent.step, sent.state), ("R1", "01", "to_send"))
