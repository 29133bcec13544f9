# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from . import document_common


@tagged("post_install", "-at_install")
class TestContractException(document_common.DocumentCase):
    """Validation may let a request pass a failing check, with a written
    justification and the approval of an Energy manager."""

    def _ask(self, contract, user=None, check="documents", approver=None, **vals):
        """Request an exception from the request, as the button does."""
        action = (
            contract.with_user(user or self.validator)
            .with_context(exception_check=check)
            .action_request_exception()
        )
        form = Form(
            self.env[action["res_model"]]
            .with_user(user or self.validator)
            .with_context(**action["context"])
        )
        form.justification = vals.get(
            "justification",
            "Cliente de la cartera de empresas; la factura llega la semana próxima",
        )
        form.approver_id = approver or self.manager
        for attachment in vals.get("attachments", ()):
            form.attachment_ids.add(attachment)
        return form.save()

    def test_validation_user_requests_an_exception_with_justification(self):
        contract = self._in_documentation()
        exception = self._ask(contract)
        self.assertEqual(exception.state, "requested")
        self.assertEqual(exception.requested_by_id, self.validator)
        self.assertIn(self.doc_invoice.name, exception.failing_summary)
        self.assertEqual(
            exception.document_ids.document_type_id,
            self.doc_holder_id | self.doc_invoice,
        )
        event = self._events(contract, "exception")
        self.assertEqual(
            (event.new_value, event.field_name), ("requested", "documents")
        )
        self.assertIn(exception.justification, event.reason)
        activity_type = self.env.ref("energy_contract.mail_activity_type_exception")
        activity = contract.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(contract.exception_count, 1)

    def test_requested_exception_does_not_let_the_request_pass_yet(self):
        contract = self._in_documentation()
        self._ask(contract)
        with self.assertRaisesRegex(UserError, "missing: "):
            contract.action_to_validation()

    def test_approved_exception_lets_the_request_pass(self):
        contract = self._in_documentation()
        exception = self._ask(contract)
        exception.with_user(self.manager).action_approve()
        self.assertEqual(exception.state, "approved")
        self.assertEqual(contract.document_status, "waived")
        contract.action_to_validation()
        self.assertEqual(contract.state, "validation")
        self.assertEqual(
            self._events(contract, "exception").mapped("new_value"),
            ["requested", "approved"],
        )
        self.assertFalse(
            contract.activity_ids.filtered(
                lambda a: a.activity_type_id.name == "Exception to decide"
            )
        )

    def test_refusal_needs_a_reason_and_keeps_the_block(self):
        contract = self._in_documentation()
        exception = self._ask(contract)
        with self.assertRaisesRegex(UserError, "Say why"):
            exception.with_user(self.manager).action_refuse()
        exception.with_user(self.manager).decision_note = "Sin el DNI no seguimos"
        exception.with_user(self.manager).action_refuse()
        self.assertEqual(exception.state, "refused")
        self.assertEqual(
            self._events(contract, "exception")[-1].reason, "Sin el DNI no seguimos"
        )
        with self.assertRaisesRegex(UserError, "missing: "):
            contract.action_to_validation()

    def test_backoffice_cannot_request_an_exception(self):
        contract = self._in_documentation()
        with self.assertRaises(AccessError):
            self.env["energy.contract.exception"].with_user(self.backoffice).create(
                {
                    "contract_id": contract.id,
                    "check": "documents",
                    "justification": "Lo pide el comercial",
                    "approver_id": self.manager.id,
                }
            )
        self.assertFalse(contract.exception_ids)

    def test_approver_must_be_an_energy_manager(self):
        contract = self._in_documentation()
        other_validator = new_test_user(
            self.env, "doc_validator_2", groups=document_common.VALIDATION
        )
        with self.assertRaisesRegex(ValidationError, "not an Energy manager"):
            self._ask(contract, approver=other_validator)

    def test_nobody_approves_their_own_exception(self):
        contract = self._in_documentation()
        with self.assertRaisesRegex(ValidationError, "someone other"):
            self._ask(contract, user=self.manager, approver=self.manager)

    def test_non_managers_and_other_managers_cannot_approve(self):
        contract = self._in_documentation()
        exception = self._ask(contract)
        with self.assertRaises(AccessError):
            exception.with_user(self.validator).action_approve()
        with self.assertRaises(AccessError):
            exception.with_user(self.other_manager).action_approve()
        self.assertEqual(exception.state, "requested")

    def test_exception_needs_a_failing_check(self):
        contract = self._in_documentation()
        self._validate_all(contract)
        with self.assertRaisesRegex(UserError, "does not fail"):
            self._ask(contract)

    def test_one_open_exception_per_check(self):
        contract = self._in_documentation()
        self._ask(contract)
        with self.assertRaisesRegex(UserError, "already has an exception"):
            self._ask(contract, approver=self.other_manager)

    def test_exception_is_kept_as_evidence(self):
        contract = self._in_documentation()
        exception = self._ask(contract)
        exception.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "is evidence"):
            exception.with_user(self.manager).write({"justification": "otra"})
        with self.assertRaises(UserError):
            exception.sudo().unlink()

    def test_evidence_files_go_with_the_request_and_its_history(self):
        contract = self._in_documentation()
        email = self._file(contract, "correo-cliente.eml", user=self.validator)
        exception = self._ask(contract, attachments=[email])
        self.assertEqual(exception.attachment_ids, email)
        self.assertEqual((email.res_model, email.res_id), (contract._name, contract.id))
        self.assertEqual(self._events(contract, "exception").attachment_ids, email)

    def test_scoring_exception_lets_a_manual_review_pass(self):
        self.validation.check_documents = False
        self.env["energy.contract.scoring.rule"].search([]).active = False
        self.env["energy.contract.scoring.rule"].create(
            {"name": "Antigüedad", "rule_type": "company_age", "points": 10}
        )
        contract = self._request(self.points[4])
        contract.action_to_validation()
        contract.with_user(self.validator).action_run_scoring()
        self.assertEqual(contract.scoring_outcome, "manual")
        exception = self._ask(contract, check="scoring")
        self.assertEqual(exception.scoring_id, contract.scoring_id)
        exception.with_user(self.manager).action_approve()
        contract.with_user(self.validator).action_to_signature()
        self.assertEqual(contract.state, "signature")
