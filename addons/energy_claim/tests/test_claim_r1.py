# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form

from odoo.addons.energy_atr.tests.atr_common import DISTRIBUTOR_REE_CODE, OUR_REE_CODE

from ..tools.r1_answers import r1_closure, r1_information_request
from .claim_common import ClaimCase


class TestClaimR1(ClaimCase):
    def test_open_r1_builds_a_valid_r1_01(self):
        """Open R1 builds the R1-01 (validated against the CNMC XSD) with the
        claim's type, subtype and number as ReferenciaOrigen; the claim waits
        for the distributor."""
        claim = self._claim_form("009")
        claim.with_user(self.agent).action_claim_start()
        claim.with_user(self.agent).action_open_r1()
        case = claim.r1_case_ids
        self.assertEqual(case.process, "R1")
        self.assertEqual(case.state, "open")
        self.assertEqual(claim.state, "waiting_distributor")
        self.assertEqual(claim.held_by, "distributor")
        message = case.atr_message_ids
        self.assertEqual(len(message), 1)
        root = etree.fromstring(base64.b64decode(message.attachment_id.datas))
        texts = {el.tag.split("}")[-1]: el.text for el in root.iter()}
        self.assertEqual(texts["Tipo"], "02")
        self.assertEqual(texts["Subtipo"], "009")
        self.assertEqual(texts["ReferenciaOrigen"], claim.number)
        self.assertIn("r1", claim.event_ids.mapped("event_type"))

    def test_r1_refused_for_retailer_subtype(self):
        claim = self._claim_form("103")
        with self.assertRaisesRegex(UserError, "not a claim for the distributor"):
            claim.with_user(self.agent).action_open_r1()
        self.assertFalse(claim.r1_case_ids)

    def test_distributor_closure_gives_the_claim_back(self):
        """When the distributor closes the R1 (05), the claim is ours again
        with an activity; the time with the distributor is recorded."""
        claim = self._claim_form("009")
        claim.with_user(self.agent).action_open_r1()
        case = claim.r1_case_ids
        # what the import of an R1-05 does to the case
        case.with_user(self.backoffice)._set_state("closed", reason="R1-05")
        self.assertEqual(claim.state, "in_progress")
        self.assertTrue(claim.activity_ids)
        self.assertIn("distributor", claim.hold_ids.mapped("party"))

    def test_r1_round_trip_writes_the_distributors_result(self):
        """Open R1, then the distributor's R1-05 (built with gestionatr) is
        imported by the back-office: the R1 is closed, the claim is ours
        again with the result and detail code of the closure."""
        claim = self._claim_form("009")
        claim.with_user(self.agent).action_claim_start()
        claim.with_user(self.agent).action_open_r1()
        case = claim.r1_case_ids
        raw = r1_closure(
            case.name,
            case.cups + "0F",
            DISTRIBUTOR_REE_CODE,
            OUR_REE_CODE,
            "02",
            "009",
            "01",
            "0090102",
            "Se anula la lectura estimada.",
        )
        self.env["energy.atr.import"].with_user(self.backoffice).import_file(
            "r1_05.xml", raw
        )
        self.assertEqual(case.state, "closed")
        self.assertEqual(claim.state, "in_progress")
        self.assertEqual(claim.result_id.code, "01")
        self.assertEqual(claim.detail_id.code, "0090102")
        closure = claim.event_ids.filtered(lambda e: e.new_value == "R1-05")
        self.assertIn("Se anula la lectura estimada.", closure.reason)
        self.assertTrue(claim.activity_ids)
        broken, __ = claim._verify_history()[claim]
        self.assertFalse(broken)

    def test_r1_information_request_answered_with_r1_04(self):
        """An R1-03 (built with gestionatr) imported by the back-office puts
        the distributor's question on the claim with an activity; the agent
        writes the answer and sends it: an R1-04 valid against the XSD is
        queued on the R1 case."""
        claim = self._claim_form("009")
        claim.with_user(self.agent).action_claim_start()
        claim.with_user(self.agent).action_open_r1()
        case = claim.r1_case_ids
        with self.assertRaises(UserError):
            claim.with_user(self.agent).action_send_r1_information()
        raw = r1_information_request(
            case.name,
            case.cups + "0F",
            DISTRIBUTOR_REE_CODE,
            OUR_REE_CODE,
            "02",
            "Indique un teléfono de contacto para la visita.",
            datetime.date(2026, 12, 15),
        )
        self.env["energy.atr.import"].with_user(self.backoffice).import_file(
            "r1_03.xml", raw
        )
        self.assertEqual(
            claim.r1_info_request, "Indique un teléfono de contacto para la visita."
        )
        self.assertTrue(
            claim.activity_ids.filtered(lambda a: "R1-03" in (a.summary or ""))
        )
        with Form(claim.with_user(self.agent)) as form:
            form.r1_info_answer = "Teléfono de contacto: 612 345 678, mañanas."
        claim.with_user(self.agent).action_send_r1_information()
        sent = case.atr_message_ids.filtered(lambda m: m.step == "04")
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.state, "to_send")
        root = etree.fromstring(base64.b64decode(sent.attachment_id.datas))
        texts = {el.tag.split("}")[-1]: el.text for el in root.iter()}
        self.assertEqual(texts["CodigoDeSolicitud"], case.name)
        self.assertEqual(texts["TipoInformacion"], "02")
        self.assertEqual(
            texts["Comentarios"], "Teléfono de contacto: 612 345 678, mañanas."
        )
        self.assertFalse(claim.r1_info_request)
        self.assertFalse(
            claim.activity_ids.filtered(lambda a: "R1-03" in (a.summary or ""))
        )
        self.assertEqual(
            claim.event_ids.filtered(lambda e: e.event_type == "r1").mapped(
                "new_value"
            ),
            ["R1-01", "R1-03", "R1-04"],
        )
