# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from . import contract_version_common


@tagged("post_install", "-at_install")
class TestHolderChange(contract_version_common.ContractVersionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["energy.contract.holder.change"]

    def setUp(self):
        super().setUp()
        self.contract = self._active_contract(on=date(2026, 1, 10))

    def _wizard(self, contract=None, user=None):
        return Form(
            self.Wizard.with_user(user or self.backoffice).with_context(
                active_id=(contract or self.contract).id
            )
        )

    def _open_request(self, action):
        self.assertEqual(action["res_model"], "energy.contract")
        return self.Contract.browse(action["res_id"])

    def _state_counts(self):
        return (
            self.env["res.partner"].search_count([]),
            self.Contract.search_count([("parent_contract_id", "=", self.contract.id)]),
        )

    def test_known_holder_is_found_by_nif_typed_with_spaces_and_lower_case(self):
        wizard = self._wizard()
        wizard.holder_vat = " 8765 4321-x "
        self.assertEqual(wizard.new_holder_id, self.known_holder)
        wizard.date_activation_requested = date(2026, 5, 1)
        request = self._open_request(wizard.save().action_create_request())
        self.assertEqual(
            (request.request_type, request.state, request.parent_contract_id),
            ("holder_change", "draft", self.contract),
        )
        self.assertEqual(request.partner_id, self.known_holder)
        self.assertEqual(request.supply_point_id, self.contract.supply_point_id)
        self.assertEqual(request.product_id, self.product)
        self.assertEqual(request.access_tariff_id, self.tariff)
        self.assertEqual((request.power_p1_kw, request.power_p2_kw), (4.6, 4.6))
        self.assertFalse(request.is_power_increase)
        self.assertEqual(
            (request.activation_mode, request.date_activation_requested),
            ("fixed_date", date(2026, 5, 1)),
        )
        self.assertFalse(request.bank_iban, "the old holder's account stays behind")

    def test_new_holder_is_created_in_the_wizard(self):
        wizard = self._wizard()
        wizard.holder_vat = "b 1234567-4"
        self.assertFalse(wizard.new_holder_id)
        self.assertEqual(wizard.holder_type, "company")
        wizard.holder_name = "Panadería La Espiga, S.L."
        wizard.holder_email = "administracion@laespiga.example.es"
        wizard.holder_phone = "+34 961 234 567"
        wizard.holder_street = "Calle Mayor, 12"
        wizard.holder_zip = "46001"
        wizard.holder_city = "Valencia"
        wizard.bank_iban = "ES79 2100 0813 6101 2345 6789"
        wizard.mode = "switch"
        request = self._open_request(wizard.save().action_create_request())
        holder = request.partner_id
        self.assertEqual(
            (holder.name, holder.vat, holder.is_company, holder.city),
            ("Panadería La Espiga, S.L.", "ESB12345674", True, "Valencia"),
        )
        self.assertEqual(holder.email, "administracion@laespiga.example.es")
        self.assertEqual(request.request_type, "holder_change_switch")
        self.assertEqual(request.customer_type, "company")
        self.assertEqual(request.bank_iban, "ES79 2100 0813 6101 2345 6789")
        self.assertEqual(request.activation_mode, "asap")

    def test_bad_nif_is_refused_and_nothing_is_created(self):
        before = self._state_counts()
        wizard = self._wizard()
        wizard.holder_vat = "12345678A"
        self.assertIn("is not a valid NIF", wizard.holder_vat_error)
        wizard.holder_name = "Nadie Válido"
        record = wizard.save()
        with self.assertRaisesRegex(UserError, "12345678A is not a valid NIF"):
            record.action_create_request()
        self.assertEqual(self._state_counts(), before)

    def test_power_increase_is_carried_by_the_request(self):
        wizard = self._wizard()
        wizard.holder_vat = "87654321X"
        wizard.change_power = True
        wizard.power_p1_kw = 6.928
        wizard.power_p2_kw = 6.928
        wizard.voltage_v = 230
        wizard.phases = "single"
        self.assertFalse(wizard.power_errors)
        self.assertIn("Installation certificate", wizard.required_documents)
        request = self._open_request(wizard.save().action_create_request())
        self.assertEqual((request.power_p1_kw, request.power_p2_kw), (6.928, 6.928))
        self.assertTrue(request.is_power_increase)
        self.assertEqual(
            (request.requested_voltage_v, request.requested_phases), (230, "single")
        )

    def test_bad_powers_are_refused_with_the_tariffs_message(self):
        before = self._state_counts()
        wizard = self._wizard()
        wizard.holder_vat = "87654321X"
        wizard.change_power = True
        wizard.power_p1_kw = 16.0
        wizard.power_p2_kw = 16.0
        wizard.phases = "three"
        expected = self.tariff._power_errors([16.0, 16.0, 0, 0, 0, 0], 0)
        self.assertTrue(expected)
        self.assertEqual(wizard.power_errors, "\n".join(expected))
        record = wizard.save()
        with self.assertRaises(UserError) as caught:
            record.action_create_request()
        for message in expected:
            self.assertIn(message, str(caught.exception))
        self.assertEqual(self._state_counts(), before)

    def test_single_phase_above_its_limit_is_refused(self):
        wizard = self._wizard()
        wizard.holder_vat = "87654321X"
        wizard.change_power = True
        wizard.power_p1_kw = 14.9
        wizard.power_p2_kw = 14.9
        wizard.phases = "single"
        self.assertIn("three-phase", wizard.power_errors)
        wizard.phases = "three"
        self.assertFalse(wizard.power_errors)

    def test_current_holder_is_refused_as_new_holder(self):
        wizard = self._wizard()
        wizard.holder_vat = "ES12345678Z"
        self.assertEqual(wizard.new_holder_id, self.holder)
        with self.assertRaisesRegex(UserError, "already holds"):
            wizard.save().action_create_request()

    def test_only_active_contracts_without_a_pending_change(self):
        draft = self._request(self.points[1])
        wizard = self._wizard(draft)
        wizard.holder_vat = "87654321X"
        with self.assertRaisesRegex(UserError, "Only an active contract"):
            wizard.save().action_create_request()
        first = self._wizard()
        first.holder_vat = "87654321X"
        pending = self._open_request(first.save().action_create_request())
        second = self._wizard()
        second.holder_vat = "87654321X"
        with self.assertRaisesRegex(UserError, pending.name):
            second.save().action_create_request()

    def test_reader_cannot_open_a_holder_change(self):
        with self.assertRaises(AccessError):
            self.Wizard.with_user(self.reader).create(
                {"contract_id": self.contract.id, "holder_vat": "87654321X"}
            )

    def test_activation_passes_the_supply_point_and_the_contract_to_the_new_holder(
        self,
    ):
        reference = self.contract.name
        wizard = self._wizard()
        wizard.holder_vat = "87654321X"
        wizard.change_power = True
        wizard.power_p1_kw = 5.75
        wizard.power_p2_kw = 5.75
        wizard.bank_iban = "ES79 2100 0813 6101 2345 6789"
        wizard.sepa_mandate_ref = "MND-2026-0042"
        request = self._open_request(wizard.save().action_create_request())
        self._activate(request, date(2026, 5, 1))
        point = self.contract.supply_point_id
        self.assertEqual(point.holder_id, self.known_holder)
        self.assertEqual(point.power_p1_kw, 5.75)
        self.assertEqual(self.contract.name, reference)
        self.assertEqual(self.contract.state, "active")
        self.assertEqual(self.contract.partner_id, self.known_holder)
        self.assertEqual(self.contract.power_p2_kw, 5.75)
        self.assertEqual(
            (self.contract.bank_iban, self.contract.sepa_mandate_ref),
            ("ES79 2100 0813 6101 2345 6789", "MND-2026-0042"),
        )
        old, new = self._versions(self.contract)
        self.assertEqual(
            (old.partner_id, old.date_from, old.date_to),
            (self.holder, date(2026, 1, 10), date(2026, 4, 30)),
        )
        self.assertEqual(
            (new.partner_id, new.date_from, new.date_to, new.power_p1_kw),
            (self.known_holder, date(2026, 5, 1), False, 5.75),
        )
        self.assertEqual(new.source_request_id, request)
        holder_logged = self.contract.event_ids.filtered(
            lambda e: e.field_name == "partner_id"
        )
        self.assertEqual(
            (holder_logged.old_value, holder_logged.new_value),
            (self.holder.display_name, self.known_holder.display_name),
        )
