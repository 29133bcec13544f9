# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError

from .claim_common import ClaimCase


class TestClaimResolution(ClaimCase):
    def test_claim_received_with_tracking_code_and_acknowledgement(self):
        claim = self._claim_form("103", origin="email")
        self.assertEqual(claim.state, "received")
        self.assertTrue(claim.tracking_code.startswith(claim.number))
        acknowledgement = claim.message_ids.filtered(
            lambda m: claim.tracking_code in (m.body or "")
        )
        self.assertTrue(acknowledgement)
        self.assertIn(self.customer, acknowledgement.partner_ids)
        self.assertEqual(claim.event_ids.mapped("event_type"), ["received"])

    def test_closing_without_resolution_refused(self):
        """Resolve needs the result, the answer and both reasons; the
        message names what is missing and nothing changes."""
        claim = self._claim_form("103")
        claim.with_user(self.agent).action_claim_start()
        with self.assertRaises(UserError) as caught:
            claim.with_user(self.agent).action_claim_resolve()
        message = str(caught.exception)
        for missing in (
            "a result code",
            "the written answer to the customer",
            "why it is resolved",
            "why it will not recur",
        ):
            self.assertIn(missing, message)
        self.assertEqual(claim.state, "in_progress")
        self.assertFalse(claim.date_answered)

    def test_resolve_sends_answer_letter_and_logs_history(self):
        claim = self._claim_form("103", compensation_amount=30.0)
        claim.with_user(self.agent).write(self._resolution_values())
        claim.with_user(self.agent).action_claim_resolve()
        self.assertEqual(claim.state, "resolved")
        self.assertTrue(claim.answered_in_time)
        self.assertFalse(claim.held_by)
        letter = claim.message_ids.filtered(lambda m: "rectificativa" in (m.body or ""))
        self.assertTrue(letter)
        self.assertTrue(letter.attachment_ids.filtered(lambda a: "Respuesta" in a.name))
        self.assertIn("resolution", claim.event_ids.mapped("event_type"))
        broken, __ = claim._verify_history()[claim]
        self.assertFalse(broken)

    def test_reopen_is_counted(self):
        claim = self._claim_form("103")
        claim.with_user(self.agent).write(self._resolution_values())
        claim.with_user(self.agent).action_claim_resolve()
        claim.with_user(self.agent).action_claim_reopen()
        self.assertEqual(claim.state, "in_progress")
        self.assertEqual(claim.reopen_count, 1)
        self.assertEqual(claim.held_by, "us")

    def test_status_and_proofs_cannot_be_written(self):
        """No write, whatever its context, sets the status, the tracking code
        or the reopen counter (an RPC-style write with context keys)."""
        claim = self._claim_form("103")
        for values in (
            {"state": "resolved"},
            {"tracking_code": "X-1"},
            {"reopen_count": 0},
            {"answered_in_time": True},
        ):
            with self.assertRaises(UserError):
                claim.with_user(self.agent).with_context(
                    energy_guard_released=True, tracking_disable=True
                ).write(values)
        self.assertEqual(claim.state, "received")

    def test_history_cannot_be_changed(self):
        claim = self._claim_form("103")
        event = claim.event_ids[:1]
        with self.assertRaises(AccessError):
            event.with_user(self.agent).unlink()
        # not even the superuser, whatever the context
        with self.assertRaises(UserError):
            event.sudo().with_context(energy_history_unlocked=True).write(
                {"reason": "changed"}
            )
        with self.assertRaises(UserError):
            event.sudo().unlink()

    def test_only_customer_service_moves_a_claim(self):
        claim = self._claim_form("103")
        with self.assertRaises(AccessError):
            claim.with_user(self.backoffice).action_claim_start()

    def test_history_shows_status_labels(self):
        """The history keeps the raw, hashed values and shows the reader the
        status labels (energy_base's display layer)."""
        claim = self._claim_form("103")
        claim.with_user(self.agent).action_claim_start()
        change = claim.event_ids.filtered(lambda e: e.event_type == "state_change")
        self.assertEqual(
            (change.old_value, change.new_value), ("received", "in_progress")
        )
        self.assertEqual(
            (change.old_display, change.new_display), ("Received", "In progress")
        )
        self.assertEqual(change.reason_display, "Claim taken in hand.")
