# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

import requests

from odoo.exceptions import UserError
from odoo.tests import tagged

from . import common

NEW_POINT = "ES0021000099990001WM"
BASE_URL = "https://apipre.cnmc.gob.es"


@tagged("post_install", "-at_install")
class TestSipsProviderCnmc(common.SipsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = (
            cls.env["energy.sips.provider"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "CNMC SIPS",
                    "provider_type": "cnmc",
                    "cnmc_base_url": BASE_URL,
                    "cnmc_client_key": "company-key",
                    "cnmc_client_secret": "company-secret",
                    "timeout": 15,
                }
            )
        )
        cls.answers = {
            "/oauth2/token": common.DATA / "cnmc_token_response.json",
            "SIPS2026_PS_ELECTRICIDAD.csv": common.DATA / "cnmc_ps_response.csv",
            "SIPS2026_CONSUMOS_ELECTRICIDAD.csv": common.DATA
            / "cnmc_consumption_response.csv",
        }

    def _network(self, status=200, error=None):
        """Stand-in for the CNMC servers: the recorded answers, by URL."""
        calls = []

        def request(session, method, url, **kwargs):
            calls.append((method, url, kwargs))
            if error:
                raise error
            path = next(key for key in self.answers if url.endswith(key))
            return common.fake_response(status, self.answers[path].read_bytes(), url)

        return calls, patch.object(
            requests.Session, "request", autospec=True, side_effect=request
        )

    def _lookup(self, cups_list, **network):
        calls, mock = self._network(**network)
        with mock:
            results = self.provider.with_user(self.backoffice).lookup(cups_list)
        return calls, {result["cups"]: result for result in results}

    def test_token_then_one_query_per_file_with_the_bearer_token(self):
        calls, __ = self._lookup([NEW_POINT, "ES 0021 0000 0481 5162 XV 0F"])
        self.assertEqual(len(calls), 3)
        method, url, kwargs = calls[0]
        self.assertEqual((method, url), ("POST", BASE_URL + "/oauth2/token"))
        self.assertEqual(kwargs["auth"], ("company-key", "company-secret"))
        self.assertEqual(kwargs["data"], {"grant_type": "client_credentials"})
        self.assertEqual(kwargs["timeout"], (10, 15))
        method, url, kwargs = calls[1]
        self.assertEqual(
            url,
            BASE_URL
            + "/api-oauth2/verticales/v1/SIPS/consulta/v1/SIPS2026_PS_ELECTRICIDAD.csv",
        )
        self.assertEqual(
            kwargs["params"], {"cups": f"{NEW_POINT},ES0021000004815162XV0F"}
        )
        self.assertEqual(
            kwargs["headers"]["Authorization"],
            "Bearer eyJhbGciOiJSUzI1NiJ9.test-token",
        )
        self.assertTrue(calls[2][1].endswith("SIPS2026_CONSUMOS_ELECTRICIDAD.csv"))

    def test_csv_answer_is_mapped_to_normalised_records(self):
        __, results = self._lookup([NEW_POINT])
        result = results[NEW_POINT]
        self.assertTrue(result["found"])
        self.assertFalse(result["error"])
        record = result["supply_point"]
        self.assertEqual(record["cups"], NEW_POINT + "0F")
        self.assertEqual(record["tariff_code"], "018")
        self.assertEqual((record["power_p1_kw"], record["power_p2_kw"]), (3.3, 3.3))
        self.assertEqual(record["voltage_v"], 230)
        self.assertEqual(record["province_code"], "48")
        self.assertEqual(record["city"], "Bilbao")
        self.assertEqual(record["retailer_code"], "0762")
        self.assertEqual(record["date_last_retailer_change"], date(2025, 9, 1))
        self.assertTrue(record["is_habitual_dwelling"])
        self.assertEqual(len(result["consumption"]), 3)
        first = result["consumption"][0]
        self.assertEqual(
            (first["date_start"], first["kwh_p1"], first["max_demand_p1_kw"]),
            (date(2026, 8, 1), 95.0, 2.9),
        )

    def test_cups_missing_from_the_answer_is_not_found(self):
        missing = common.make_cups("0021", 5)
        __, results = self._lookup([missing, "ES0021000004815162XX"])
        self.assertFalse(results[missing]["found"])
        self.assertIn("has no data", results[missing]["error"])
        self.assertIn("check letters", results["ES0021000004815162XX"]["error"])

    def test_more_than_ten_cups_go_in_several_requests(self):
        cups_list = [common.make_cups("0021", number) for number in range(1, 13)]
        calls, __ = self._lookup(cups_list)
        queries = [kwargs["params"]["cups"].split(",") for __, __, kwargs in calls[1:]]
        self.assertEqual([len(query) for query in queries], [10, 10, 2, 2])
        self.assertEqual(sum(1 for call in calls if call[0] == "POST"), 1)

    def test_applying_the_answer_creates_the_point_and_its_consumption(self):
        calls, mock = self._network()
        wizard = (
            self.env["energy.sips.lookup.wizard"]
            .with_user(self.backoffice)
            .create({"cups_text": NEW_POINT, "provider_id": self.provider.id})
        )
        with mock:
            wizard.action_lookup()
        point = self.point(NEW_POINT)
        self.assertEqual(point.status, "prospect")
        self.assertEqual(point.access_tariff_id.code, "018")
        self.assertEqual(point.state_id, self.env.ref("base.state_es_bi"))
        self.assertEqual(point.consumption_count, 3)
        self.assertEqual(wizard.line_ids.supply_point_id, point)
        self.assertEqual(set(wizard.import_ids.mapped("origin")), {"lookup"})
        self.assertEqual(wizard.import_ids.provider_id, self.provider)

    def test_refused_credentials_give_a_clear_error(self):
        with self.assertRaisesRegex(UserError, "refused the credentials"):
            self._lookup([NEW_POINT], status=401)

    def test_timeout_gives_a_clear_error(self):
        with self.assertRaisesRegex(UserError, "did not answer in time"):
            self._lookup([NEW_POINT], error=requests.ConnectTimeout("slow"))
