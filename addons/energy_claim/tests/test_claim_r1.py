# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from gestionatr.output.messages import sw_r1
from gestionatr.output.messages.base import CabeceraReclamacion
from gestionatr.utils import validate_xml
from lxml import etree

from odoo.exceptions import UserError

from odoo.addons.energy_atr.tests.atr_common import DISTRIBUTOR_REE_CODE, OUR_REE_CODE

from .claim_common import ClaimCase


def r1_closure(case, result, detail, remarks):
    """The distributor's R1-05 for `case`, built with gestionatr and
    validated against the CNMC XSD."""
    header = CabeceraReclamacion()
    header.feed(
        {
            "codigo_ree_empresa_emisora": DISTRIBUTOR_REE_CODE,
            "codigo_ree_empresa_destino": OUR_REE_CODE,
            "codigo_del_proceso": "R1",
            "codigo_del_paso": "05",
            "codigo_de_solicitud": case.name,
            "secuencial_de_solicitud": "01",
            "fecha": "2026-12-01T10:00:00",
            "cups": case.cups + "0F",
        }
    )
    data = sw_r1.DatosCierre()
    data.feed(
        {
            "fecha": "2026-12-01",
            "hora": "10:00:00",
            "tipo": "02",
            "subtipo": "009",
            "codigo_reclamacion_distribuidora": "2026000123",
            "resultado_reclamacion": result,
            "detalle_resultado": detail,
            "observaciones": remarks,
            "indemnizacion_abonada": "0.0",
        }
    )
    closure = sw_r1.CierreReclamacion()
    closure.feed({"datos_cierre": data, "comentarios": remarks})
    message = sw_r1.MensajeCierreReclamacion()
    message.feed({"cabecera_reclamacion": header, "cierre_reclamacion": closure})
    message.build_tree()
    xml = str(message)
    checked = validate_xml(xml)
    assert checked.valid, checked.error
    return xml.encode("utf-8")


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
        raw = r1_closure(case, "01", "0090102", "Se anula la lectura estimada.")
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
