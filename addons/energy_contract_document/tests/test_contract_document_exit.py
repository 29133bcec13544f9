# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from . import document_common


@tagged("post_install", "-at_install")
class TestDocumentExit(document_common.DocumentCase):
    """A missing, rejected or unvalidated document keeps the request in a
    phase that checks documents, and the refusal names it."""

    def test_exit_is_refused_naming_exactly_the_missing_documents(self):
        contract = self._in_documentation()
        expected = f"missing: {self.doc_holder_id.name}, {self.doc_invoice.name}"
        with self.assertRaises(UserError) as caught:
            contract.action_to_validation()
        self.assertIn(expected, str(caught.exception))
        self.assertIn(contract.name, str(caught.exception))
        self.assertEqual(contract.state, "documentation")

    def test_exit_is_allowed_once_every_document_is_validated(self):
        contract = self._in_documentation()
        self._validate_all(contract)
        self.assertEqual(contract.document_status, "complete")
        contract.with_user(self.backoffice).action_to_validation()
        self.assertEqual(contract.state, "validation")

    def test_rejected_document_blocks_with_its_reason(self):
        contract = self._in_documentation()
        self._validate_all(contract)
        invoice = self._line(contract, self.doc_invoice)
        invoice.with_user(self.validator).action_reject("unreadable", "Foto borrosa")
        reason = dict(
            invoice._fields["rejection_reason"]._description_selection(self.env)
        )["unreadable"]
        with self.assertRaises(UserError) as caught:
            contract.action_to_validation()
        self.assertIn(
            f"rejected: {self.doc_invoice.name} ({reason})", str(caught.exception)
        )
        self.assertNotIn("missing:", str(caught.exception))
        self.assertEqual(contract.document_status, "missing")

    def test_received_but_unvalidated_document_blocks(self):
        contract = self._in_documentation()
        lines = contract.document_ids
        lines.with_user(self.backoffice).action_receive(self._file(contract))
        self.assertEqual(contract.document_status, "to_validate")
        with self.assertRaisesRegex(UserError, "not validated yet"):
            contract.action_to_validation()

    def test_moving_back_or_cancelling_is_never_blocked(self):
        contract = self._in_documentation()
        contract.action_cancel("El cliente desiste de la solicitud")
        self.assertEqual(contract.state, "cancelled")

    def test_sending_back_from_validation_is_not_blocked(self):
        contract = self._in_documentation()
        self._validate_all(contract)
        contract.action_to_validation()
        self._line(contract, self.doc_invoice).with_user(self.validator).action_reject(
            "expired"
        )
        contract.with_user(self.validator).action_back_to_documentation()
        self.assertEqual(contract.state, "documentation")

    def test_skipping_documentation_does_not_skip_the_documents(self):
        self.validation.check_scoring = False
        contract = self._request()
        contract.action_to_validation()
        with self.assertRaisesRegex(UserError, "missing: "):
            contract.with_user(self.validator).action_to_signature()
        self.assertEqual(contract.state, "validation")

    def test_phase_without_the_check_lets_the_request_pass(self):
        self.documentation.check_documents = False
        contract = self._in_documentation()
        contract.action_to_validation()
        self.assertEqual(contract.state, "validation")

    def test_receiving_needs_a_file(self):
        contract = self._in_documentation()
        line = self._line(contract, self.doc_holder_id)
        with self.assertRaisesRegex(UserError, "Attach the file"):
            line.with_user(self.backoffice).action_receive()
        self.assertEqual(line.state, "required")

    def test_receive_through_the_wizard_with_the_uploaded_file(self):
        contract = self._in_documentation()
        line = self._line(contract, self.doc_holder_id)
        action = line.with_user(self.backoffice).action_open_receive_wizard()
        upload = (
            self.env["ir.attachment"]
            .with_user(self.backoffice)
            .create({"name": "dni.pdf", "raw": b"%PDF-1.4 dni"})
        )
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.backoffice)
            .with_context(**action["context"])
        )
        wizard.attachment_ids.add(upload)
        wizard.save().action_confirm()
        self.assertEqual(line.state, "received")
        self.assertEqual(line.received_by_id, self.backoffice)
        self.assertEqual(line.attachment_ids, upload)
        self.assertEqual(
            (upload.res_model, upload.res_id), (contract._name, contract.id)
        )

    def test_reject_through_the_wizard_needs_a_reason(self):
        contract = self._in_documentation()
        line = self._line(contract, self.doc_holder_id)
        line.with_user(self.backoffice).action_receive(self._file(contract))
        action = line.with_user(self.validator).action_open_reject_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.validator)
            .with_context(**action["context"])
            .create({})
        )
        with self.assertRaisesRegex(UserError, "Say why"):
            wizard.action_confirm()
        wizard.write({"rejection_reason": "holder_mismatch"})
        wizard.action_confirm()
        self.assertEqual(
            (line.state, line.rejection_reason, line.reviewed_by_id),
            ("rejected", "holder_mismatch", self.validator),
        )

    def test_backoffice_cannot_validate_or_reject(self):
        contract = self._in_documentation()
        line = self._line(contract, self.doc_holder_id)
        line.with_user(self.backoffice).action_receive(self._file(contract))
        with self.assertRaises(AccessError):
            line.with_user(self.backoffice).action_validate()
        with self.assertRaises(AccessError):
            line.with_user(self.backoffice).action_reject("unreadable")
        self.assertEqual(line.state, "received")

    def test_document_state_changes_only_through_the_actions(self):
        contract = self._in_documentation()
        line = self._line(contract, self.doc_holder_id)
        with self.assertRaisesRegex(UserError, "can only be changed by the actions"):
            line.with_user(self.manager).write({"state": "validated"})

    def test_each_decision_is_logged_with_its_files(self):
        contract = self._in_documentation()
        line = self._line(contract, self.doc_holder_id)
        upload = self._file(contract, "dni-carmen.pdf")
        line.with_user(self.backoffice).action_receive(upload)
        line.with_user(self.validator).action_validate()
        events = self._events(contract, "document")
        self.assertEqual(events.mapped("new_value"), ["received", "validated"])
        self.assertEqual(events.mapped("field_name"), [self.doc_holder_id.code] * 2)
        self.assertEqual(events[-1].user_id, self.validator)
        self.assertEqual(events[-1].attachment_ids, upload)
        self.assertFalse(contract.event_ids._verify_chain())
