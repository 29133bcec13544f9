# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from gestionatr.utils import validate_xml

from odoo.tests import BaseCase, tagged

from ..models import atr_parse
from ..tools.atr_answers import INCIDENCE_STEP, AtrAnswerError, AtrAnswerFactory

CUPS = "ES0021000000000001JN0F"
CODE = "202600000001"
PROCESSES = ("A3", "B1", "C1", "C2", "E1", "M1")


@tagged("post_install", "-at_install")
class TestAtrParse(BaseCase):
    """The distributor answers of the test factory, read back by the parser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.answers = AtrAnswerFactory()

    def _parse(self, raw):
        self.assertTrue(validate_xml(raw).valid, validate_xml(raw).error)
        parsed = atr_parse.parse_atr_xml(raw)
        self.assertFalse(parsed.error, parsed.error_detail)
        self.assertEqual(
            (
                parsed.request_code,
                parsed.cups,
                parsed.sender_code,
                parsed.receiver_code,
            ),
            (CODE, CUPS, "0021", "1234"),
        )
        self.assertEqual(parsed.cups_base, CUPS[:20])
        return parsed

    def test_every_answer_validates_and_parses(self):
        for process in PROCESSES:
            with self.subTest(process=process, answer="acceptance"):
                parsed = self._parse(
                    self.answers.acceptance(
                        process,
                        CODE,
                        CUPS,
                        activation_type="C0",
                        date_expected="2026-04-01",
                        date_accepted="2026-03-20",
                    )
                )
                self.assertEqual((parsed.step, parsed.kind), ("02", "acceptance"))
                self.assertEqual(parsed.date_accepted, "2026-03-20")
                self.assertEqual(parsed.date_expected, "2026-04-01")
                if process != "E1":
                    self.assertEqual(parsed.activation_type, "C0")
            with self.subTest(process=process, answer="rejection"):
                parsed = self._parse(
                    self.answers.rejection(process, CODE, CUPS, codes=("03", "A2"))
                )
                self.assertEqual((parsed.step, parsed.kind), ("02", "rejection"))
                self.assertEqual([code for code, _c in parsed.reasons], ["03", "A2"])
                late = self._parse(self.answers.late_rejection(process, CODE, CUPS))
                self.assertEqual(late.kind, "rejection")
                self.assertEqual(late.step, "07" if process == "B1" else "04")
            if process in INCIDENCE_STEP:
                with self.subTest(process=process, answer="incidence"):
                    parsed = self._parse(
                        self.answers.incidence(process, CODE, CUPS, codes=("01", "09"))
                    )
                    self.assertEqual(parsed.kind, "incidence")
                    self.assertEqual(parsed.step, INCIDENCE_STEP[process])
                    self.assertEqual([c for c, _x in parsed.reasons], ["01", "09"])
            with self.subTest(process=process, answer="activation"):
                parsed = self._parse(
                    self.answers.activation(
                        process,
                        CODE,
                        CUPS,
                        date_activated="2026-04-02",
                        contract_code="445566",
                        tariff="019",
                        powers_w=(15001, 15001, 15001, 15001, 15001, 20000),
                        measure_point_type="04",
                    )
                )
                self.assertEqual((parsed.step, parsed.kind), ("05", "activation"))
                self.assertEqual(parsed.date_activated, "2026-04-02")
                self.assertEqual(parsed.contract_code, "445566")
                self.assertEqual(parsed.measure_point_type, "04")
                if process not in ("B1", "E1"):
                    self.assertEqual(parsed.tariff_code, "019")
                    self.assertEqual(parsed.powers_w[5], (6, 20000))
            with self.subTest(process=process, answer="cancellation"):
                accepted = self._parse(
                    self.answers.cancellation_acceptance(process, CODE, CUPS)
                )
                self.assertEqual(accepted.kind, "cancellation_acceptance")
                refused = self._parse(
                    self.answers.cancellation_rejection(process, CODE, CUPS)
                )
                self.assertEqual(refused.kind, "cancellation_rejection")

    def test_notices_to_the_outgoing_retailer(self):
        for process in ("C1", "C2"):
            with self.subTest(process=process):
                parsed = self._parse(
                    self.answers.outgoing_activation(
                        process, CODE, CUPS, date_activated="2026-05-01"
                    )
                )
                self.assertEqual(
                    (parsed.step, parsed.kind), ("06", "outgoing_activation")
                )
                self.assertEqual(parsed.date_activated, "2026-05-01")
                parsed = self._parse(
                    self.answers.outgoing_acceptance(
                        process, CODE, CUPS, date_expected="2026-05-02"
                    )
                )
                self.assertEqual(
                    (parsed.step, parsed.kind), ("11", "outgoing_acceptance")
                )
                self.assertEqual(parsed.date_expected, "2026-05-02")
                parsed = self._parse(
                    self.answers.outgoing_rejection(process, CODE, CUPS)
                )
                self.assertEqual(
                    (parsed.step, parsed.kind), ("12", "outgoing_rejection")
                )

    def test_applied_key(self):
        parsed = self._parse(self.answers.acceptance("M1", CODE, CUPS, sequence="02"))
        self.assertEqual(parsed.applied_key, f"M1/{CODE}/02/02")

    def test_errors_are_classified(self):
        cases = [
            (b"", atr_parse.ERROR_EMPTY),
            (b"hello", atr_parse.ERROR_NOT_XML),
            (b"<a><b/></a>", atr_parse.ERROR_NOT_ATR),
            (
                b"<M><Cabecera><CodigoDelProceso>Z9</CodigoDelProceso>"
                b"<CodigoDePaso>01</CodigoDePaso></Cabecera></M>",
                atr_parse.ERROR_UNKNOWN_PROCESS,
            ),
            (
                b"<M><Cabecera><CodigoDelProceso>C1</CodigoDelProceso>"
                b"<CodigoDePaso>77</CodigoDePaso></Cabecera></M>",
                atr_parse.ERROR_UNKNOWN_STEP,
            ),
            (
                b"<M><Cabecera><CodigoDelProceso>C1</CodigoDelProceso>"
                b"<CodigoDePaso>02</CodigoDePaso></Cabecera></M>",
                atr_parse.ERROR_UNKNOWN_TYPE,
            ),
        ]
        for raw, error in cases:
            with self.subTest(error=error):
                parsed = atr_parse.parse_atr_xml(raw)
                self.assertEqual(parsed.error, error)
                self.assertFalse(parsed.valid)
                self.assertEqual(parsed.xml_hash, atr_parse.xml_hash(raw))
        invalid = atr_parse.parse_atr_xml(
            self.answers.acceptance("C1", CODE, CUPS, omit=("actuacion_campo",))
        )
        self.assertEqual(invalid.error, atr_parse.ERROR_SCHEMA)
        self.assertIn("ActuacionCampo", invalid.error_detail)
        self.assertEqual(
            (invalid.process, invalid.step, invalid.request_code), ("C1", "02", CODE)
        )

    def test_cached_schemas_agree_with_gestionatr(self):
        good = self.answers.activation("C2", CODE, CUPS)
        bad = self.answers.acceptance("C2", CODE, CUPS, omit=("fecha_aceptacion",))
        for raw in (good, bad):
            cached = atr_parse.parse_atr_xml(raw)
            plain = atr_parse.parse_atr_xml(raw, cache_schemas=False)
            self.assertEqual(cached.error, plain.error)
            self.assertEqual(cached.as_dict().keys(), plain.as_dict().keys())
            self.assertEqual(
                {k: v for k, v in cached.as_dict().items() if k != "error_detail"},
                {k: v for k, v in plain.as_dict().items() if k != "error_detail"},
            )
        self.assertEqual(atr_parse.bare_parse(good).tipus, "C2")

    def test_factory_refuses_an_answer_the_xsd_refuses(self):
        with self.assertRaises(AtrAnswerError):
            self.answers.rejection("C1", CODE, CUPS, codes=("ZZ",))
