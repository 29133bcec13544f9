# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, tagged

from . import signature_common

REPORT = "energy_contract.action_report_energy_contract"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) EnergySuiteTest/1.0"


@tagged("post_install", "-at_install")
class TestPortalSignature(signature_common.SignatureWorld, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()

    def _sign(
        self, contract, name="Inmaculada Ferrer Soler", signature=None, token=None
    ):
        url = f"{contract.access_url}/sign"
        if token:
            url = f"{url}?access_token={token}"
        return self.make_jsonrpc_request(
            url,
            {"name": name, "signature": signature or signature_common.signature_png()},
            headers={"User-Agent": BROWSER},
        )

    def test_customer_signs_and_the_evidence_matches_the_stored_pdf(self):
        self.authenticate("sig_customer", "sig_customer")
        result = self._sign(self.contract)
        self.assertTrue(result.get("force_refresh"), result)
        contract = self.contract
        self.assertEqual(contract.signed_by, "Inmaculada Ferrer Soler")
        self.assertTrue(contract.date_signed)
        self.assertTrue(contract.signature)
        self.assertEqual(contract.signature_method, "portal")
        self.assertEqual(contract.signature_ip, "127.0.0.1")
        self.assertEqual(contract.signature_user_agent, BROWSER)
        document = contract.signed_pdf_attachment_id
        self.assertEqual(
            (document.res_model, document.res_id), (contract._name, contract.id)
        )
        self.assertEqual(
            contract.signed_pdf_sha256, hashlib.sha256(document.raw).hexdigest()
        )
        self.assertEqual(contract.blocking_party, "us")

    def test_portal_signature_is_logged_with_the_signed_pdf_as_evidence(self):
        self.authenticate("sig_customer", "sig_customer")
        self._sign(self.contract)
        event = self._signature_events(self.contract)
        self.assertEqual(len(event), 1)
        self.assertEqual(event.attachment_ids, self.contract.signed_pdf_attachment_id)
        self.assertEqual(event.new_value, self.contract.signed_pdf_sha256)
        self.assertEqual(event.user_id, self.customer_user)
        self.assertFalse(self.contract.event_ids._verify_chain())

    def test_signed_request_can_be_submitted(self):
        self.authenticate("sig_customer", "sig_customer")
        self._sign(self.contract)
        self.contract.with_user(self.backoffice).action_submit()
        self.assertEqual(self.contract.state, "submitted")

    def test_signing_is_refused_outside_the_signature_phase(self):
        contract = self._request(self.customer, self.points[3])
        self.authenticate("sig_customer", "sig_customer")
        result = self._sign(contract)
        self.assertIn("cannot be signed now", result["error"])
        self.assertFalse(contract.date_signed)
        self.assertFalse(contract.signed_pdf_attachment_id)
        self.assertFalse(self._signature_events(contract))

    def test_signing_twice_is_refused_and_keeps_the_first_evidence(self):
        self.authenticate("sig_customer", "sig_customer")
        self._sign(self.contract)
        first_hash = self.contract.signed_pdf_sha256
        result = self._sign(self.contract, name="Someone Else")
        self.assertIn("already signed", result["error"])
        self.assertEqual(self.contract.signed_by, "Inmaculada Ferrer Soler")
        self.assertEqual(self.contract.signed_pdf_sha256, first_hash)
        self.assertEqual(len(self._signature_events(self.contract)), 1)

    def test_signing_without_a_name_changes_nothing(self):
        party = self.contract.blocking_party
        self.authenticate("sig_customer", "sig_customer")
        result = self._sign(self.contract, name="  ")
        self.assertIn("full name", result["error"])
        self.assertFalse(self.contract.date_signed)
        self.assertEqual(self.contract.blocking_party, party)

    def test_unreadable_signature_changes_nothing(self):
        self.authenticate("sig_customer", "sig_customer")
        result = self._sign(
            self.contract, signature=base64.b64encode(b"not a png").decode()
        )
        self.assertIn("could not be read", result["error"])
        self.assertFalse(self.contract.date_signed)

    def test_channel_user_cannot_sign_for_the_customer(self):
        self.authenticate("sig_channel_agent", "sig_channel_agent")
        result = self._sign(self.contract, name="Rosa Vidal")
        self.assertIn("Only the customer", result["error"])
        self.assertFalse(self.contract.date_signed)

    def test_other_customer_cannot_sign(self):
        self.authenticate("sig_other_customer", "sig_other_customer")
        result = self._sign(self.contract, name="Tomás Navarro Gil")
        self.assertIn("does not exist or you cannot open it", result["error"])
        self.assertFalse(self.contract.date_signed)

    def test_anonymous_customer_signs_with_the_mailed_link(self):
        token = self.contract._portal_ensure_token()
        result = self._sign(self.contract, token=token)
        self.assertIn(f"access_token={token}", result["redirect_url"])
        self.assertEqual(self.contract.signed_by, "Inmaculada Ferrer Soler")
        self.assertEqual(self.contract.blocking_party, "us")

    def test_anonymous_visitor_without_token_cannot_sign(self):
        result = self._sign(self.contract)
        self.assertIn("error", result)
        self.assertFalse(self.contract.date_signed)

    def test_portal_serves_the_exact_signed_file(self):
        self.authenticate("sig_customer", "sig_customer")
        self._sign(self.contract)
        response = self.url_open(
            f"{self.contract.access_url}?report_type=pdf&download=true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            hashlib.sha256(response.content).hexdigest(),
            self.contract.signed_pdf_sha256,
        )

    def test_customer_signs_through_the_browser(self):
        self.start_tour(
            self.contract.access_url,
            "energy_contract_portal_sign",
            login="sig_customer",
        )
        self.assertEqual(self.contract.signed_by, "Inmaculada Ferrer Soler")
        self.assertEqual(self.contract.signature_method, "portal")
        self.assertTrue(self.contract.signed_pdf_attachment_id)


@tagged("post_install", "-at_install")
class TestRecordedSignature(signature_common.SignatureWorld, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()
        cls.scan = b"%PDF-1.4\n% signed on paper at the Valencia office\n%%EOF\n"

    def _wizard(self, user=None, **values):
        wizard = Form(
            self.env["energy.contract.signature.wizard"]
            .with_user(user or self.backoffice)
            .with_context(
                default_contract_id=self.contract.id,
                default_document_name="contrato-firmado.pdf",
            )
        )
        wizard.document = base64.b64encode(self.scan)
        for name, value in values.items():
            setattr(wizard, name, value)
        return wizard.save()

    def test_backoffice_records_a_signature_made_elsewhere(self):
        when = fields.Datetime.now() - timedelta(days=1)
        self._wizard(date_signed=when, note="Signed on paper").action_confirm()
        contract = self.contract
        self.assertEqual(contract.signed_by, self.customer.name)
        self.assertEqual(contract.date_signed, when)
        self.assertEqual(contract.signature_method, "recorded")
        self.assertEqual(contract.signed_pdf_attachment_id.raw, self.scan)
        self.assertEqual(
            contract.signed_pdf_sha256, hashlib.sha256(self.scan).hexdigest()
        )
        self.assertEqual(contract.blocking_party, "us")

    def test_recorded_signature_is_logged_by_the_backoffice_user(self):
        self._wizard(note="Signed on paper").action_confirm()
        event = self._signature_events(self.contract)
        self.assertEqual(event.user_id, self.backoffice)
        self.assertEqual(event.attachment_ids, self.contract.signed_pdf_attachment_id)
        self.assertIn("Signed on paper", event.reason)

    def test_signature_in_the_future_is_refused(self):
        wizard = self._wizard(date_signed=fields.Datetime.now() + timedelta(days=2))
        with self.assertRaisesRegex(UserError, "future"):
            wizard.action_confirm()
        self.assertFalse(self.contract.date_signed)

    def test_upload_that_is_not_a_document_is_refused(self):
        self.scan = b"just some text"
        wizard = self._wizard()
        with self.assertRaisesRegex(UserError, "PDF or as an image"):
            wizard.action_confirm()
        self.assertFalse(self.contract.signed_pdf_attachment_id)

    def test_recording_a_second_signature_is_refused(self):
        self._wizard().action_confirm()
        with self.assertRaisesRegex(UserError, "already signed"):
            self._wizard(signed_by="Otra Persona").action_confirm()
        self.assertEqual(self.contract.signed_by, self.customer.name)

    def test_read_only_user_cannot_record_a_signature(self):
        with self.assertRaises(AccessError):
            self._wizard(user=self.reader)

    def test_evidence_fields_cannot_be_edited_by_hand(self):
        self._wizard().action_confirm()
        with self.assertRaisesRegex(UserError, "recorded only by signing"):
            self.contract.with_user(self.backoffice).write(
                {"signed_pdf_sha256": "0" * 64}
            )

    def test_going_back_to_validation_voids_the_signature(self):
        self._wizard().action_confirm()
        document = self.contract.signed_pdf_attachment_id
        with self.contract._exit_checks_waived():
            self.contract.action_to_validation()
        self.assertFalse(self.contract.date_signed)
        self.assertFalse(self.contract.signed_pdf_sha256)
        events = self._signature_events(self.contract)
        self.assertEqual(len(events), 2)
        self.assertEqual(events.attachment_ids, document)

    def test_submitting_without_signature_is_refused(self):
        with self.assertRaisesRegex(UserError, "has not signed"):
            self.contract.with_user(self.backoffice).action_submit()


@tagged("post_install", "-at_install")
class TestContractReport(signature_common.SignatureWorld, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_world()

    def _html(self, contract=None):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, (contract or self.contract).ids
        )
        return html.decode()

    def test_contract_renders_as_pdf(self):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, self.contract.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_contract_shows_the_parties_and_the_supply_point(self):
        html = self._html()
        self.assertIn(self.customer.name, html)
        self.assertIn(self.customer.vat, html)
        self.assertIn(self.company.energy_ree_code, html)
        self.assertIn(self.contract.supply_point_id.cups_formatted, html)
        self.assertIn(self.contract.distributor_id.name, html)

    def test_contract_shows_the_prices_in_force_and_the_masked_account(self):
        html = self._html()
        self.assertIn("0.187654", html)
        self.assertIn("0.091234", html)
        self.assertIn("ES91 **** **** **** **** 1332", html)
        self.assertNotIn("0418450200", html)

    def test_contract_prints_the_standard_general_conditions_by_default(self):
        self.company.energy_contract_general_conditions = False
        self.assertIn("Right of withdrawal", self._html())

    def test_general_conditions_are_edited_in_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.energy_contract_general_conditions = (
            "<p>Condiciones de Energía Test</p>"
        )
        settings.save().execute()
        self.assertIn(
            "Condiciones de Energía Test",
            self.company.energy_contract_general_conditions,
        )
        html = self._html()
        self.assertIn("Condiciones de Energía Test", html)
        self.assertNotIn("Right of withdrawal", html)

    def test_settings_load_the_standard_conditions_to_edit(self):
        settings = Form(self.env["res.config.settings"]).save()
        settings.action_energy_load_standard_conditions()
        self.assertIn(
            "Right of withdrawal", self.company.energy_contract_general_conditions
        )

    def test_portal_signature_stores_a_real_pdf(self):
        contract = self.contract.with_context(force_report_rendering=True)
        document = contract._sign_from_portal(
            "Inmaculada Ferrer Soler",
            signature_common.signature_png(),
            "192.0.2.10",
            BROWSER,
        )
        self.assertTrue(document.raw.startswith(b"%PDF"))
        self.assertEqual(document.mimetype, "application/pdf")
        self.assertEqual(
            self.contract.signed_pdf_sha256, hashlib.sha256(document.raw).hexdigest()
        )

    def test_signed_contract_prints_who_signed(self):
        self.contract._sign_from_portal(
            "Inmaculada Ferrer Soler",
            signature_common.signature_png(),
            "192.0.2.10",
            BROWSER,
        )
        html = self._html()
        self.assertIn("Signed by", html)
        self.assertIn("192.0.2.10", html)
