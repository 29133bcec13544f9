# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo.tests import BaseCase, tagged

from ..tools import atr_builder

HEADER = {
    "sender": "1234",
    "receiver": "0021",
    "request_code": "202600000001",
    "sequence": "01",
    "date": datetime.datetime(2026, 3, 2, 10, 0, 5),
    "cups": "ES0021000000000001JN0F",
}
PERSON = {
    "id_type": "NI",
    "id": "12345678Z",
    "person_type": "F",
    "first_name": "Ana María",
    "surname1": "García",
    "surname2": "López",
    "phones": [("34", "600000000")],
    "email": "ana@example.org",
}


@tagged("post_install", "-at_install")
class TestAtrBuilder(BaseCase):
    """The pure builders, without the database."""

    def _values(self, process, **request):
        return {
            "header": dict(HEADER, process=process, step="01"),
            "client": PERSON,
            "request": {
                "activation": "A",
                "cnae": "9820",
                "ref_request_code": "202600000009",
                "reason": "01",
                **request,
            },
            "contract": {
                "tariff": "018",
                "powers_w": [3450, 4600],
                "contact": {"name": "Ana", "phones": [("34", "600000000")]},
            },
        }

    def test_every_step01_and_cancellation_validates(self):
        for process in atr_builder.STEP01_PROCESSES:
            with self.subTest(process=process):
                xml = atr_builder.build_step01(self._values(process))
                self.assertEqual(atr_builder.validate(xml), (True, None))
                self.assertEqual(atr_builder.xsd_errors(xml), [])
                cancel = atr_builder.build_cancellation(
                    dict(HEADER, process=process, step="01")
                )
                self.assertEqual(atr_builder.validate(cancel), (True, None))
                header = atr_builder.read_header(cancel)
                self.assertEqual(
                    (header["process"], header["step"], header["date"]),
                    (process, atr_builder.CANCEL_STEPS[process], "2026-03-02 10:00:05"),
                )

    def test_xsd_errors_name_every_element(self):
        values = self._values("A3", cnae="98")
        values["header"]["sender"] = "12"
        values["contract"]["powers_w"] = []
        xml = atr_builder.build_step01(values)
        self.assertFalse(atr_builder.validate(xml)[0])
        errors = atr_builder.xsd_errors(xml)
        self.assertEqual(
            [(e["element"], e["missing"], e["value"]) for e in errors],
            [
                ("CodigoREEEmpresaEmisora", None, None),
                ("CNAE", None, "98"),
                ("CondicionesContractuales", "PotenciasContratadas", None),
            ],
        )

    def test_client_identity_from_the_vat_number(self):
        self.assertEqual(
            atr_builder.client_identity("es 12345678-z"), ("NI", "12345678Z", "F")
        )
        self.assertEqual(
            atr_builder.client_identity("X1234567L"), ("NE", "X1234567L", "F")
        )
        self.assertEqual(
            atr_builder.client_identity("ESB36385870"), ("NI", "B36385870", "J")
        )
        self.assertEqual(
            atr_builder.client_identity("FR40303265045"), ("NV", "FR40303265045", "J")
        )
        self.assertIsNone(atr_builder.client_identity("12345678A"))
        self.assertIsNone(atr_builder.client_identity(False))

    def test_names_and_phones(self):
        self.assertEqual(
            atr_builder.split_person_name("María José  García López"),
            ("María José", "García", "López"),
        )
        self.assertEqual(
            atr_builder.split_person_name("Ana García"), ("Ana", "García", False)
        )
        self.assertIsNone(atr_builder.split_person_name("Cher"))
        self.assertEqual(
            atr_builder.split_phone("+34 600 12 34 56"), ("34", "600123456")
        )
        self.assertEqual(atr_builder.split_phone("0034600123456"), ("34", "600123456"))
        self.assertEqual(atr_builder.split_phone("985 12 34 56"), ("34", "985123456"))
        self.assertEqual(
            atr_builder.split_phone("+44 20 7946 0958"), ("44", "2079460958")
        )
        self.assertEqual(
            atr_builder.split_phone("+1 212 555 0100"), ("1", "2125550100")
        )
        self.assertIsNone(atr_builder.split_phone("123"))

    def test_claim_header_for_r1(self):
        header = atr_builder.header_model(
            dict(HEADER, process="R1", step="01"), claim=True
        )
        header.build_tree()
        self.assertEqual(header.doc_root.tag, "CabeceraReclamacion")
