# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.energy_base.tests.common import make_cups

from . import document_common


@tagged("post_install", "-at_install")
class TestDocumentRules(document_common.DocumentCase):
    """The shipped rules build the right checklist, and it follows the
    request while it is in draft or documentation."""

    def _types(self, contract):
        return contract.document_ids.filtered("is_required").document_type_id

    def test_individual_switch_needs_id_and_last_invoice(self):
        contract = self._in_documentation()
        self.assertEqual(self._types(contract), self.doc_holder_id | self.doc_invoice)
        self.assertEqual(set(contract.document_ids.mapped("state")), {"required"})
        self.assertEqual(contract.document_status, "missing")

    def test_draft_request_has_no_checklist_yet(self):
        contract = self._request()
        self.assertFalse(contract.document_ids)
        self.assertEqual(contract.document_status, "none")

    def test_company_needs_cif_deed_and_representative_id(self):
        contract = self._in_documentation(self.points[4])
        self.assertEqual(
            self._types(contract),
            self.doc_cif | self.doc_deed | self.doc_representative | self.doc_invoice,
        )

    def test_new_supply_needs_installation_certificate_not_an_invoice(self):
        contract = self._in_documentation(request_type="new_supply")
        self.assertEqual(self._types(contract), self.doc_holder_id | self.doc_cie)

    def test_power_increase_needs_installation_certificate(self):
        contract = self._in_documentation(power_p1_kw=5.75, power_p2_kw=5.75)
        self.assertIn(self.doc_cie, self._types(contract))

    def test_same_power_does_not_need_installation_certificate(self):
        contract = self._in_documentation()
        self.assertNotIn(self.doc_cie, self._types(contract))

    def test_iban_asks_for_the_sepa_mandate(self):
        with_iban = self._in_documentation(bank_iban="ES9121000418450200051332")
        without = self._in_documentation(self.points[1])
        self.assertIn(self.doc_sepa, self._types(with_iban))
        self.assertNotIn(self.doc_sepa, self._types(without))

    def test_manager_rule_by_power_and_tariff_follows_power_changes(self):
        statement = self.env["energy.contract.document.type"].create(
            {"name": "Boletín de reconocimiento de potencia", "code": "power_cert"}
        )
        form = Form(self.env["energy.contract.document.rule"].with_user(self.manager))
        form.document_type_id = statement
        form.power_min_kw = 10.0
        form.access_tariff_ids.add(self.tariff)
        form.save()
        contract = self._in_documentation()
        self.assertNotIn(statement, self._types(contract))
        contract.with_user(self.backoffice).write(
            {"power_p1_kw": 10.392, "power_p2_kw": 10.392}
        )
        self.assertIn(statement, self._types(contract))

    def test_type_change_in_documentation_replaces_untouched_documents(self):
        contract = self._in_documentation()
        contract.with_user(self.backoffice).request_type = "new_supply"
        self.assertEqual(self._types(contract), self.doc_holder_id | self.doc_cie)
        self.assertFalse(self._line(contract, self.doc_invoice))

    def test_received_document_no_longer_required_is_kept_without_blocking(self):
        contract = self._in_documentation()
        invoice = self._line(contract, self.doc_invoice)
        invoice.with_user(self.backoffice).action_receive(self._file(contract))
        contract.with_user(self.backoffice).request_type = "new_supply"
        self.assertEqual(invoice.state, "received")
        self.assertFalse(invoice.is_required)
        self.assertNotIn(self.doc_invoice, self._types(contract))

    def test_document_asked_by_hand_stays_after_rule_changes(self):
        contract = self._in_documentation()
        contract.with_user(self.backoffice).write(
            {"document_ids": [(0, 0, {"document_type_id": self.doc_deed.id})]}
        )
        contract.with_user(self.backoffice).request_type = "new_supply"
        deed = self._line(contract, self.doc_deed)
        self.assertTrue(deed.is_manual)
        self.assertTrue(deed.is_required)

    def test_skipping_documentation_builds_the_checklist_in_validation(self):
        contract = self._request()
        contract.action_to_validation()
        self.assertEqual(self._types(contract), self.doc_holder_id | self.doc_invoice)

    def test_backoffice_cannot_edit_the_rules(self):
        rule = self.env.ref("energy_contract_document.document_rule_holder_id")
        with self.assertRaises(AccessError):
            rule.with_user(self.backoffice).write({"power_min_kw": 1.0})
        with self.assertRaises(AccessError):
            self.env["energy.contract.document.rule"].with_user(self.backoffice).create(
                {"document_type_id": self.doc_deed.id}
            )

    def test_checklists_of_100_requests_are_a_fixed_number_of_queries(self):
        points = self.env["energy.supply.point"].create(
            [
                {
                    "cups": make_cups(f"0022{n:012d}"),
                    "access_tariff_id": self.tariff.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "holder_id": self.customer.id,
                }
                for n in range(100)
            ]
        )
        contracts = self.Contract.create(
            [
                {
                    "partner_id": self.customer.id,
                    "supply_point_id": point.id,
                    "request_type": "switch",
                    "power_p1_kw": 5.75 if index % 2 else 4.6,
                    "power_p2_kw": 5.75 if index % 2 else 4.6,
                    "bank_iban": "ES9121000418450200051332" if index % 3 else False,
                }
                for index, point in enumerate(points)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        contracts = self.Contract.browse(contracts.ids)
        with self.assertQueryCount(16):
            contracts._sync_document_checklist()
            self.env.flush_all()
        self.assertEqual(len(contracts.document_ids), 100 * 2 + 50 + 66)
