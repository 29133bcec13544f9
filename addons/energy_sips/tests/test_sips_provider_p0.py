# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

import requests
from gestionatr.utils import validate_xml
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from . import common

URL = "https://p0.example-distribuidora.es/elegibilidad"


@tagged("post_install", "-at_install")
class TestSipsProviderP0(common.SipsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = (
            cls.env["energy.sips.provider"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "i-DE P0",
                    "provider_type": "p0",
                    "p0_distributor_id": cls.env.ref("energy_base.distributor_0021").id,
                    "p0_url": URL,
                    "p0_user": "retailer1234",
                    "p0_password": "p0-secret",
                }
            )
        )

    def _lookup(self, cups, answer, status=200):
        calls = []

        def request(session, method, url, **kwargs):
            calls.append((method, url, kwargs))
            return common.fake_response(
                status, (common.DATA / answer).read_bytes(), url
            )

        with patch.object(
            requests.Session, "request", autospec=True, side_effect=request
        ):
            results = self.provider.with_user(self.backoffice).lookup([cups])
        return calls, results[0]

    def test_request_is_a_valid_p0_step_01_in_the_distributor_envelope(self):
        calls, __ = self._lookup("ES0021000004815162XV0F", "p0_response.xml")
        self.assertEqual(len(calls), 1)
        method, url, kwargs = calls[0]
        self.assertEqual((method, url), ("POST", URL))
        self.assertEqual(kwargs["auth"], ("retailer1234", "p0-secret"))
        self.assertEqual(kwargs["timeout"], (10, 20))
        envelope = etree.fromstring(kwargs["data"])
        message = next(
            element
            for element in envelope.iter()
            if etree.QName(element).localname
            == "MensajeSolicitudInformacionAlRegistroDePS"
        )
        xml = etree.tostring(message)
        self.assertTrue(validate_xml(xml).valid)
        namespace = {"e": "http://localhost/elegibilidad"}
        self.assertEqual(
            message.findtext(
                "e:Cabecera/e:CodigoREEEmpresaEmisora", namespaces=namespace
            ),
            "1234",
        )
        self.assertEqual(
            message.findtext(
                "e:Cabecera/e:CodigoREEEmpresaDestino", namespaces=namespace
            ),
            "0021",
        )
        self.assertEqual(
            message.findtext("e:Cabecera/e:CUPS", namespaces=namespace),
            "ES0021000004815162XV0F",
        )

    def test_step_02_is_mapped_to_a_normalised_record(self):
        __, result = self._lookup("ES0021000004815162XV0F", "p0_response.xml")
        self.assertTrue(result["found"])
        record = result["supply_point"]
        self.assertEqual(record["cups"], "ES0021000004815162XV0F")
        self.assertEqual(record["distributor_code"], "0021")
        self.assertEqual(record["tariff_code"], "018")
        self.assertEqual((record["power_p1_kw"], record["power_p2_kw"]), (4.6, 4.6))
        self.assertEqual(record["power_control_mode"], "icp")
        self.assertEqual(record["voltage_v"], 230)
        self.assertEqual(record["cnae_code"], "9820")
        self.assertEqual(record["cadastral_reference"], "9872023VH5797S0001WX")
        self.assertFalse(record["has_bono_social"])
        self.assertFalse(record["is_essential_supply"])
        self.assertTrue(record["is_habitual_dwelling"])
        self.assertTrue(record["is_contractable"])
        self.assertTrue(record["meter_telemanaged"])
        self.assertEqual(record["meter_owner"], "distributor")
        self.assertEqual(record["measure_point_type"], "5")
        self.assertEqual(record["bie_max_power_kw"], 5.75)
        self.assertEqual(record["access_rights_kw"], 5.75)
        self.assertEqual(record["date_rights_limit"], date(2029, 3, 31))
        self.assertEqual(record["date_last_retailer_change"], date(2024, 2, 15))
        self.assertEqual(record["date_last_reading"], date(2026, 10, 31))
        self.assertEqual(
            (record["province_code"], record["municipality_code"], record["zip"]),
            ("28", "28079", "28013"),
        )
        self.assertEqual(
            (record["street_type"], record["street_name"]), ("CL", "MAYOR")
        )
        self.assertEqual(record["supply_use_code"], "VI")

    def test_applying_the_answer_updates_the_supply_point(self):
        point = self.Point.create(
            {"cups": "ES0021000004815162XV", "status": "customer"}
        )
        __, result = self._lookup("ES0021000004815162XV", "p0_response.xml")
        imports = self.provider.with_user(self.backoffice)._apply_lookup_results(
            [result]
        )
        self.assertEqual(imports.updated_count, 1)
        self.assertEqual(point.status, "customer")
        self.assertEqual(point.access_tariff_id.code, "018")
        self.assertEqual(point.power_p2_kw, 4.6)
        self.assertEqual(point.state_id, self.env.ref("base.state_es_m"))
        self.assertEqual(point.street, "CL MAYOR 12")
        self.assertEqual(point.street2, "Piso 3 Pta. B")
        self.assertEqual(point.supply_use_id.code, "VI")

    def test_rejection_is_not_found_with_the_reason(self):
        __, result = self._lookup("ES0021000099990001WM", "p0_rejection.xml")
        self.assertFalse(result["found"])
        self.assertIn(
            "rejected the request: 01 No existe Punto de Suministro", result["error"]
        )
        self.assertIn("CUPS no existe en la red", result["error"])

    def test_soap_fault_is_retried_with_the_other_envelopes_then_reported(self):
        calls, result = self._lookup("ES0021000004815162XV", "p0_fault.xml", status=500)
        self.assertEqual(len(calls), 3)
        self.assertEqual(
            calls[2][2]["headers"]["SOAPAction"],
            "http://localhost/elegibilidad/Sync/syncRequest",
        )
        self.assertFalse(result["found"])
        self.assertIn("Error interno del servicio", result["error"])

    def test_refused_credentials_give_a_clear_error(self):
        with self.assertRaisesRegex(UserError, "refused the credentials"):
            self._lookup("ES0021000004815162XV", "p0_fault.xml", status=401)

    def test_provider_without_company_ree_code_is_refused(self):
        self.company.energy_ree_code = False
        with self.assertRaisesRegex(UserError, "REE code"):
            self.provider.with_user(self.backoffice).lookup(["ES0021000004815162XV"])
