# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.energy_base.tests.common import make_cups

from . import document_common


@tagged("post_install", "-at_install")
class TestDocumentAccess(document_common.DocumentCase):
    """Who reads and changes checklists, exceptions and scorings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_customer = new_test_user(
            cls.env,
            "doc_portal_carmen",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.portal_company = new_test_user(
            cls.env,
            "doc_portal_gil",
            groups="base.group_portal",
            partner_id=cls.company_customer.id,
        )
        cls.portal_channel = new_test_user(
            cls.env,
            "doc_portal_levante",
            groups="base.group_portal",
            partner_id=cls.channel.id,
        )

    def test_portal_customer_reads_only_their_own_documents(self):
        own = self._in_documentation()
        other = self._in_documentation(self.points[4])
        Document = self.env["energy.contract.document"].with_user(self.portal_customer)
        found = Document.search([])
        self.assertEqual(found, own.document_ids)
        self.assertTrue(found[0].document_type_id.name)
        with self.assertRaises(AccessError):
            Document.browse(other.document_ids[0].id).read(["state"])

    def test_portal_channel_reads_the_documents_of_its_requests(self):
        sold = self._in_documentation(channel_id=self.channel.id)
        self._in_documentation(self.points[1])
        found = (
            self.env["energy.contract.document"]
            .with_user(self.portal_channel)
            .search([])
        )
        self.assertEqual(found, sold.document_ids)

    def test_portal_users_cannot_change_documents(self):
        contract = self._in_documentation()
        line = contract.document_ids[0].with_user(self.portal_customer)
        with self.assertRaises(AccessError):
            line.write({"attachment_ids": [(6, 0, [])]})
        with self.assertRaises(AccessError):
            line.action_receive(self._file(contract))

    def test_energy_reader_cannot_change_documents(self):
        contract = self._in_documentation()
        line = contract.document_ids[0]
        with self.assertRaises(AccessError):
            line.with_user(self.reader).action_receive(self._file(contract))
        with self.assertRaises(AccessError):
            self.env["energy.contract.document"].with_user(self.reader).create(
                {"contract_id": contract.id, "document_type_id": self.doc_deed.id}
            )
        self.assertEqual(line.state, "required")

    def test_documents_of_another_company_are_invisible(self):
        other_company = self.env["res.company"].create(
            {"name": "Otra Comercializadora"}
        )
        point = self.env["energy.supply.point"].create(
            {
                "cups": make_cups("0021000000000999"),
                "company_id": other_company.id,
                "holder_id": self.customer.id,
            }
        )
        foreign = (
            self.Contract.with_company(other_company)
            .sudo()
            .create(
                {
                    "partner_id": self.customer.id,
                    "supply_point_id": point.id,
                    "company_id": other_company.id,
                }
            )
        )
        foreign.action_request_documents()
        self.assertTrue(foreign.document_ids)
        Document = self.env["energy.contract.document"].with_user(self.backoffice)
        self.assertFalse(Document.search([("contract_id", "=", foreign.id)]))
        with self.assertRaises(AccessError):
            Document.browse(foreign.document_ids[0].id).read(["state"])

    def test_only_managers_configure_document_types_and_scoring_rules(self):
        with self.assertRaises(AccessError):
            self.env["energy.contract.document.type"].with_user(self.validator).create(
                {"name": "Nuevo", "code": "nuevo"}
            )
        with self.assertRaises(AccessError):
            self.env["energy.contract.scoring.rule"].with_user(self.validator).create(
                {"name": "Nuevo", "rule_type": "identity"}
            )
        rule = (
            self.env["energy.contract.scoring.rule"]
            .with_user(self.manager)
            .create({"name": "Identidad", "rule_type": "identity", "points": 10})
        )
        self.assertEqual(rule.create_uid, self.manager)
