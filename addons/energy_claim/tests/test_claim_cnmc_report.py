# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import datetime
import io

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user

from .claim_common import ClaimCase


class TestClaimCnmcReport(ClaimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["energy.claim.cnmc.report"]

    def _answered_claim(self):
        """Received Monday 2 March 2026, with us 2 working days, the
        customer 3 (4-6 March), us again 1, answered Tuesday 10th."""
        with freeze_time("2026-03-02 09:00:00"):
            claim = self._claim_form("103")
            claim.with_user(self.agent).action_claim_start()
        with freeze_time("2026-03-04 09:00:00"):
            claim.with_user(self.agent).action_claim_wait_customer()
        with freeze_time("2026-03-09 09:00:00"):
            claim.with_user(self.agent).action_claim_resume()
        with freeze_time("2026-03-10 09:00:00"):
            claim.with_user(self.agent).write(self._resolution_values())
            claim.with_user(self.agent).action_claim_resolve()
        return claim

    def _report(self, file_format="csv", user=None):
        with Form(self.Report.with_user(user or self.agent)) as form:
            form.date_from = datetime.date(2026, 3, 1)
            form.date_to = datetime.date(2026, 3, 31)
            form.file_format = file_format
        return form.record

    def _export(self, report):
        action = report.action_export()
        self.assertIn(f"/{report.id}/data/", action["url"])
        return base64.b64decode(report.data)

    def _open_claim(self, **values):
        with freeze_time("2026-03-20 11:00:00"):
            return self._claim_form("113", **values)

    def test_csv_export_field_by_field(self):
        claim = self._answered_claim()
        open_claim = self._open_claim(sales_channel_id=self.channel_a)
        with freeze_time("2026-04-01 09:00:00"):
            self._claim_form("103")  # received after the period: not reported
        content = self._export(self._report("csv")).decode("utf-8")
        rows = list(csv.reader(io.StringIO(content), delimiter=";"))
        self.assertEqual(
            rows[0],
            [
                "CodigoReclamacion", "FechaRecepcion", "Origen", "Tipo", "Subtipo",
                "TipoReclamante", "NumeroCUPS", "CUPS", "FechaRespuesta",
                "Resultado", "DetalleResultado", "DiasComercializadora",
                "DiasCliente", "DiasDistribuidora", "DiasOtros",
                "DiasHastaRespuesta", "EnPlazo", "Reaperturas", "CanalVenta",
            ],
        )  # fmt: skip
        mine = [row for row in rows[1:] if row[0] in (claim.number, open_claim.number)]
        self.assertEqual(len(rows), 3, "only the two claims of March")
        self.assertEqual(
            mine[0],
            [
                claim.number, "2026-03-02", "phone", "02", "103", "01", "1",
                self.point.cups, "2026-03-10", "01", "", "3", "3", "0", "0",
                "6", "S", "0", "",
            ],
        )  # fmt: skip
        self.assertEqual(
            mine[1],
            [
                open_claim.number, "2026-03-20", "phone", "03", "113", "01", "1",
                self.point.cups, "", "", "", "0", "0", "0", "0", "", "", "0",
                self.channel_a.name,
            ],
        )  # fmt: skip

    def test_xlsx_export_with_indicators(self):
        claim = self._answered_claim()
        self._open_claim()
        book = openpyxl.load_workbook(io.BytesIO(self._export(self._report("xlsx"))))
        claims = list(book["Reclamaciones"].values)
        self.assertEqual(claims[1][0], claim.number)
        self.assertEqual(claims[1][1], datetime.datetime(2026, 3, 2))
        self.assertEqual(claims[1][11:17], (3, 3, 0, 0, 6, "S"))
        indicators = {
            (row[0], row[1]): row[2:] for row in list(book["Indicadores"].values)[1:]
        }
        self.assertEqual(indicators[("Subtipo", "103")], (1, 1, 100, 6, 6, 0))
        self.assertEqual(indicators[("Subtipo", "113")], (1, 0, None, None, None, 0))
        self.assertEqual(indicators[("Total", None)][:2], (2, 1))

    def test_bad_period_and_empty_period_refused(self):
        with self.assertRaises(ValidationError):
            self.Report.with_user(self.agent).create(
                {
                    "date_from": datetime.date(2026, 11, 30),
                    "date_to": datetime.date(2026, 11, 1),
                }
            )
        with self.assertRaises(UserError):
            self._report().action_export()

    def test_portal_and_employee_cannot_export(self):
        portal = new_test_user(
            self.env, "claim_report_portal", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.Report.with_user(portal).create({})
        with self.assertRaises(AccessError):
            self.Report.with_user(self.employee).create({})

    def test_report_queries_do_not_grow_with_claims(self):
        self._answered_claim()
        for __ in range(2):
            self._open_claim(sales_channel_id=self.channel_a)
        report = self._report()
        self.env.invalidate_all()
        with self.assertQueryCount(12):
            self.assertEqual(len(report._report_rows()), 3)
        for __ in range(5):
            self._open_claim(sales_channel_id=self.channel_b)
        self.env.invalidate_all()
        with self.assertQueryCount(12):
            self.assertEqual(len(report._report_rows()), 8)
