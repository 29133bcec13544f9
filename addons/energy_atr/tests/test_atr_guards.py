# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.energy_base.tests.common import call_kw

from ..tools import atr_builder
from .atr_common import AtrCase

# The context keys that once let a caller skip the request's rules, and one
# that sounds like it would relax a case's: none of them does anything.
CLIENT_CONTEXT = {
    "energy_contract_skip_exit_checks": True,
    "energy_contract_transition": True,
    "energy_atr_case_transition": True,
}


@tagged("post_install", "-at_install")
class TestAtrGuards(AtrCase, HttpCase):
    """Submitting a request by any path (the form, a list, JSON-RPC) sends its
    ATR message; no context a client sends lets a request skip a rule; a
    switching case moves only along its declared edges."""

    def _call(self, user, model, method, args):
        return call_kw(self, user.login, model, method, args, CLIENT_CONTEXT)

    def _refused(self, user, model, method, args):
        answer = self._call(user, model, method, args)
        self.assertIn("error", answer, f"{method} over RPC was not refused")
        return answer["error"]["data"]["message"]

    def test_rpc_submit_builds_and_sends_the_atr_message(self):
        request = self._ready_to_submit(1)
        answer = self._call(
            self.backoffice, "energy.contract", "action_submit", [request.ids]
        )
        self.assertNotIn("error", answer)
        self.env.invalidate_all()
        self.assertEqual(request.state, "submitted")
        case = request.atr_case_id
        self.assertEqual((case.process, case.state, case.step), ("C1", "open", "01"))
        message = case.atr_message_ids
        self.assertEqual((message.direction, message.state), ("out", "to_send"))
        self.assertTrue(atr_builder.validate(message.attachment_id.raw)[0])
        events = request.event_ids.filtered(lambda e: e.event_type == "atr_message")
        self.assertEqual(events.mapped("new_value"), ["C1-01"])

    def test_rpc_submit_cannot_skip_the_signature(self):
        request = self._requests(1)
        self._to_signature(request)
        message = self._refused(
            self.backoffice, "energy.contract", "action_submit", [request.ids]
        )
        self.assertIn("the customer has not signed", message)
        self.env.invalidate_all()
        self.assertEqual(request.state, "signature")
        self.assertFalse(request.atr_case_ids)

    def test_no_context_key_relaxes_a_request_guard(self):
        request = self._requests(1)
        self._to_signature(request)
        relaxed = request.with_context(**CLIENT_CONTEXT).with_user(self.backoffice)
        with self.assertRaisesRegex(UserError, "the customer has not signed"):
            relaxed.action_submit()
        with self.assertRaisesRegex(UserError, "can only be changed by the actions"):
            relaxed.write({"state": "submitted"})
        self.assertEqual(request.state, "signature")
        self.assertFalse(request.atr_case_ids)

    def test_rpc_cannot_write_or_create_a_case_in_another_state(self):
        request = self._ready_to_submit(1)
        request.with_user(self.backoffice).action_submit()
        case = request.atr_case_id
        message = self._refused(
            self.backoffice,
            "energy.atr.case",
            "write",
            [case.ids, {"state": "activated"}],
        )
        self.assertIn("can only be changed by the actions", message)
        self._refused(
            self.backoffice,
            "energy.atr.case",
            "create",
            [{"process": "C1", "state": "open"}],
        )
        relaxed = case.with_context(**CLIENT_CONTEXT).with_user(self.backoffice)
        with self.assertRaisesRegex(UserError, "can only be changed by the actions"):
            relaxed.write({"state": "accepted"})
        self.env.invalidate_all()
        self.assertEqual(case.state, "open")

    def test_a_case_moves_only_along_its_declared_edges(self):
        case = self._new_cases()
        with self.assertRaisesRegex(UserError, "cannot go from Draft to Activated"):
            case._set_state("activated")
        case._set_state("open")
        with self.assertRaisesRegex(UserError, "cannot go from Open to Draft"):
            case._set_state("draft")
        case._set_state("activated")
        with self.assertRaisesRegex(UserError, "cannot go from Activated to Open"):
            case._set_state("open")
        self.assertEqual(case.state, "activated")
        self.assertFalse(
            self._new_cases().with_user(self.reader).lifecycle_next_states,
            "a reader may take no edge",
        )

    def test_every_case_move_is_logged_on_the_case(self):
        request = self._ready_to_submit(1)
        request.with_user(self.backoffice).action_submit()
        case = request.atr_case_id
        request.with_user(self.backoffice).action_cancel("Customer changed mind")
        self.assertEqual(case.state, "cancel_requested")
        notes = case.message_ids.filtered(lambda m: "→" in (m.body or ""))
        self.assertEqual(len(notes), 2)
        self.assertIn("Open → Cancellation requested", notes[0].body)
        self.assertIn("Draft → Open", notes[1].body)
        self.assertIn("Step 01", notes[1].body)

    def test_list_action_submits_through_the_atr_build(self):
        requests = self._ready_to_submit(2)
        action = self.env.ref("energy_atr.energy_contract_action_atr_submit")
        action.with_user(self.backoffice).with_context(
            active_model="energy.contract", active_ids=requests.ids
        ).run()
        self.assertEqual(set(requests.mapped("state")), {"submitted"})
        self.assertEqual(len(requests.atr_case_ids.atr_message_ids), 2)
