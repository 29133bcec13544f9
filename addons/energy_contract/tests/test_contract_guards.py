# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.energy_base.tests.common import call_kw
from odoo.addons.energy_contract.models.lifecycle import CONTRACT_LIFECYCLE, STATES
from odoo.addons.energy_contract.tests.contract_common import disable_exit_checks

# Every context key that once relaxed a guard, and a few that sound like one.
CLIENT_CONTEXT = {
    "energy_contract_transition": True,
    "energy_contract_skip_exit_checks": True,
    "energy_contract_signature_write": True,
    "energy_document_decision": True,
    "energy_exception_decision": True,
    "tracking_disable": True,
    "install_mode": True,
}


@tagged("post_install", "-at_install")
class TestContractGuards(HttpCase):
    """No caller can move a request, sign it or decide its evidence except
    through the actions that record it, whatever context it sends: tried here
    over real JSON-RPC, as a web client or a script would, and through the ORM
    with the same context."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backoffice = new_test_user(
            cls.env, "guard_backoffice", groups="energy_base.group_energy_backoffice"
        )
        cls.validator = new_test_user(
            cls.env, "guard_validator", groups="energy_base.group_energy_validation"
        )
        customer = cls.env["res.partner"].create(
            {"name": "Lucía Serrano Gil", "vat": "ES12345678Z"}
        )
        # documents and scoring have their own guard tests
        disable_exit_checks(cls.env)
        point = cls.env["energy.supply.point"].search([], limit=1)
        cls.contract = (
            cls.env["energy.contract"]
            .with_user(cls.backoffice)
            .create(
                {
                    "partner_id": customer.id,
                    "supply_point_id": point.id,
                    "request_type": "switch",
                }
            )
        )

    def _call(self, login, model, method, args):
        return call_kw(self, login, model, method, args, CLIENT_CONTEXT)

    def _rpc(self, login, model, method, args):
        answer = self._call(login, model, method, args)
        self.assertNotIn("error", answer)
        return answer["result"]

    def _to_signature(self):
        contract = self.contract.sudo()
        contract._set_state("validation", check_exit=False)
        contract._set_state("signature", check_exit=False)

    def _events(self):
        return self.contract.sudo().event_ids

    def _assert_rpc_refused(self, login, model, method, args):
        answer = self._call(login, model, method, args)
        self.assertIn("error", answer, f"{method} over RPC was not refused")
        return answer["error"]["data"]["message"]

    # ------------------------------------------------------------------
    # Over JSON-RPC
    # ------------------------------------------------------------------

    def test_rpc_write_of_the_phase_is_refused_whatever_the_context(self):
        events = self._events()
        message = self._assert_rpc_refused(
            "guard_backoffice",
            "energy.contract",
            "write",
            [self.contract.ids, {"state": "active"}],
        )
        self.assertIn("can only be changed by the actions", message)
        self.contract.invalidate_recordset()
        self.assertEqual(self.contract.state, "draft")
        self.assertEqual(self._events(), events, "nothing was recorded either")

    def test_rpc_action_cannot_skip_the_exit_checks(self):
        """Straight from draft to validation with no customer checks relaxed:
        the request has a customer and a point, so it moves; then to signature
        by a back-office user, an edge only the validation team may take."""
        self._rpc(
            "guard_backoffice",
            "energy.contract",
            "action_to_validation",
            [self.contract.ids],
        )
        self.contract.invalidate_recordset()
        self.assertEqual(self.contract.state, "validation")
        message = self._assert_rpc_refused(
            "guard_backoffice",
            "energy.contract",
            "action_to_signature",
            [self.contract.ids],
        )
        self.assertIn("You may not move", message)
        self.contract.invalidate_recordset()
        self.assertEqual(self.contract.state, "validation")
        # the validator moves it; then nobody submits it unsigned, whatever
        # the context says
        self._rpc(
            "guard_validator",
            "energy.contract",
            "action_to_signature",
            [self.contract.ids],
        )
        message = self._assert_rpc_refused(
            "guard_backoffice", "energy.contract", "action_submit", [self.contract.ids]
        )
        self.assertIn("the customer has not signed", message)
        self.contract.invalidate_recordset()
        self.assertEqual(self.contract.state, "signature")
        moves = self._events().filtered(lambda e: e.event_type == "state_change")
        self.assertEqual(
            moves.mapped("new_value"), ["draft", "validation", "signature"]
        )

    def test_rpc_signature_date_cannot_be_written(self):
        self._to_signature()
        message = self._assert_rpc_refused(
            "guard_backoffice",
            "energy.contract",
            "write",
            [self.contract.ids, {"date_signed": "2026-11-30 10:00:00"}],
        )
        self.assertIn("recorded only by signing", message)
        self.contract.invalidate_recordset()
        self.assertFalse(self.contract.date_signed)
        with self.assertRaisesRegex(UserError, "the customer has not signed"):
            self.contract.with_user(self.backoffice).action_submit()

    def test_rpc_create_cannot_start_active_or_signed(self):
        for values in (
            {"state": "active"},
            {"date_signed": "2026-11-30 10:00:00"},
            {"blocking_party": "distributor"},
        ):
            with self.subTest(values=values):
                self._assert_rpc_refused(
                    "guard_backoffice",
                    "energy.contract",
                    "create",
                    [
                        {
                            "partner_id": self.contract.partner_id.id,
                            "supply_point_id": self.contract.supply_point_id.id,
                            **values,
                        }
                    ],
                )
        self.assertEqual(
            self.env["energy.contract"].search_count(
                [("partner_id", "=", self.contract.partner_id.id)]
            ),
            1,
        )

    # ------------------------------------------------------------------
    # Through the ORM, superuser and client context included
    # ------------------------------------------------------------------

    def test_superuser_write_with_the_old_keys_is_refused(self):
        contract = self.contract.sudo().with_context(**CLIENT_CONTEXT)
        for values in (
            {"state": "active"},
            {"date_signed": datetime(2026, 11, 30, 10, 0)},
            {"signed_pdf_sha256": "0" * 64},
            {"blocking_party": "customer"},
            {"date_activated": "2026-12-01"},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                contract.write(values)
        self.assertEqual(self.contract.state, "draft")

    def test_exit_checks_apply_to_a_context_that_asks_to_skip_them(self):
        self._to_signature()
        with self.assertRaisesRegex(UserError, "the customer has not signed"):
            self.contract.with_context(**CLIENT_CONTEXT).with_user(
                self.backoffice
            ).action_submit()
        self.assertEqual(self.contract.state, "signature")

    def test_document_and_exception_decisions_are_guarded(self):
        document = self.env["energy.contract.document"].create(
            {
                "contract_id": self.contract.id,
                "document_type_id": self.env["energy.contract.document.type"]
                .search([], limit=1)
                .id,
            }
        )
        with self.assertRaises(UserError):
            document.with_context(**CLIENT_CONTEXT).write({"state": "validated"})
        self.assertNotEqual(document.state, "validated")

    def test_the_ball_changes_hands_only_through_its_action(self):
        with self.assertRaises(UserError):
            self.contract.with_user(self.backoffice).with_context(
                **CLIENT_CONTEXT
            ).write({"blocking_party": "channel"})
        events = self._events()
        self.contract.with_user(self.backoffice).action_set_blocking_party(
            "customer", "Esperando la factura anterior"
        )
        self.assertEqual(self.contract.blocking_party, "customer")
        new = self._events() - events
        self.assertEqual(new.event_type, "blocking_change")
        self.assertEqual(new.new_value, "customer")

    # ------------------------------------------------------------------
    # One lifecycle, read by everyone
    # ------------------------------------------------------------------

    def test_everyone_reads_the_one_lifecycle(self):
        self.assertEqual(self.env["energy.contract"]._fields["state"].selection, STATES)
        self.assertLessEqual(CONTRACT_LIFECYCLE.ended, CONTRACT_LIFECYCLE.closed)
        # the buttons the form shows are the edges the user may take
        self.contract.sudo()._set_state("validation", check_exit=False)
        as_backoffice = self.contract.with_user(self.backoffice)
        as_validator = self.contract.with_user(self.validator)
        self.assertNotIn("signature", as_backoffice.lifecycle_next_states.split(","))
        self.assertIn("signature", as_validator.lifecycle_next_states.split(","))
        self.assertEqual(
            set(as_validator.lifecycle_next_states.split(",")),
            set(CONTRACT_LIFECYCLE.targets("validation")),
        )
