# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The world of the document, exception and scoring tests: users of every
role, an individual and a company customer, a channel, supply points held by
the customers, and helpers to create requests and files. No test here."""

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.energy_base.tests.common import make_cups

BACKOFFICE = "energy_base.group_energy_backoffice"
VALIDATION = "energy_base.group_energy_validation"
MANAGER = "energy_base.group_energy_manager"


class DocumentCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.Contract = env["energy.contract"]
        cls.backoffice = new_test_user(env, "doc_backoffice", groups=BACKOFFICE)
        cls.validator = new_test_user(env, "doc_validator", groups=VALIDATION)
        cls.manager = new_test_user(env, "doc_manager", groups=MANAGER)
        cls.other_manager = new_test_user(env, "doc_manager_2", groups=MANAGER)
        cls.reader = new_test_user(
            env, "doc_reader", groups="energy_base.group_energy_user"
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "Carmen Ruiz Blanco",
                "vat": "ES12345678Z",
                "email": "carmen.ruiz@example.es",
                "lang": "en_US",
            }
        )
        cls.company_customer = env["res.partner"].create(
            {
                "name": "Talleres Hermanos Gil, S.L.",
                "is_company": True,
                "vat": "ESB12345674",
                "email": "administracion@talleresgil.example.es",
            }
        )
        cls.channel = env["res.partner"].create(
            {
                "name": "Agencia Levante Energía, S.L.",
                "is_company": True,
                "is_energy_channel": True,
                "email": "documentacion@levante.example.es",
            }
        )
        cls.tariff = env.ref("energy_base.access_tariff_20td")
        cls.points = env["energy.supply.point"].create(
            [
                {
                    "cups": make_cups(f"0021{n:012d}"),
                    "access_tariff_id": cls.tariff.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "holder_id": holder.id,
                }
                for n, holder in enumerate(
                    [cls.customer] * 4 + [cls.company_customer] * 2, start=501
                )
            ]
        )
        cls.documentation = env.ref("energy_contract.phase_documentation")
        cls.validation = env.ref("energy_contract.phase_validation")
        cls.documentation.write(
            {
                "check_documents": True,
                "check_scoring": False,
                "document_reminder_first_days": 3,
                "document_reminder_second_days": 7,
            }
        )
        cls.validation.write({"check_documents": True, "check_scoring": True})
        cls.doc_holder_id = env.ref("energy_contract_document.document_type_holder_id")
        cls.doc_cif = env.ref("energy_contract_document.document_type_cif_card")
        cls.doc_deed = env.ref("energy_contract_document.document_type_deed")
        cls.doc_representative = env.ref(
            "energy_contract_document.document_type_representative_id"
        )
        cls.doc_invoice = env.ref("energy_contract_document.document_type_last_invoice")
        cls.doc_cie = env.ref(
            "energy_contract_document.document_type_installation_certificate"
        )
        cls.doc_sepa = env.ref("energy_contract_document.document_type_sepa_mandate")

    def _request(self, point=None, user=None, **vals):
        point = point or self.points[0]
        return self.Contract.with_user(user or self.backoffice).create(
            {
                "partner_id": point.holder_id.id,
                "supply_point_id": point.id,
                "request_type": "switch",
                "power_p1_kw": point.power_p1_kw,
                "power_p2_kw": point.power_p2_kw,
                **vals,
            }
        )

    def _in_documentation(self, point=None, **vals):
        contract = self._request(point, **vals)
        contract.action_request_documents()
        return contract

    def _file(self, contract, name="documento.pdf", user=None):
        """A file uploaded by a user, as the upload widget creates it."""
        return (
            self.env["ir.attachment"]
            .with_user(user or self.backoffice)
            .create(
                {
                    "name": name,
                    "raw": b"%PDF-1.4 " + name.encode(),
                    "res_model": "energy.contract",
                    "res_id": contract.id,
                    "mimetype": "application/pdf",
                }
            )
        )

    def _line(self, contract, document_type):
        return contract.document_ids.filtered(
            lambda d: d.document_type_id == document_type
        )

    def _validate_all(self, contract):
        """Receive and validate every required document, as the teams do."""
        lines = contract.document_ids.filtered("is_required")
        lines.with_user(self.backoffice).action_receive(self._file(contract))
        lines.with_user(self.validator).action_validate()

    def _events(self, contract, event_type):
        return contract.event_ids.filtered(lambda e: e.event_type == event_type).sorted(
            "sequence"
        )
