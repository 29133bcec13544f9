# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from . import common


@tagged("post_install", "-at_install")
class TestSipsImportConsumption(common.SipsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.import_data(common.PS_SAMPLE)
        cls.sips_import = cls.import_data(common.CONSUMPTION_SAMPLE)

    def test_file_type_is_detected_and_every_row_created(self):
        self.assertEqual(self.sips_import.file_type, "consumption")
        self.assertEqual(
            (self.sips_import.row_count, self.sips_import.created_count), (25, 25)
        )
        household = self.point(common.HOUSEHOLD)
        self.assertEqual(household.consumption_count, 13)
        self.assertEqual(set(household.consumption_ids.mapped("source")), {"sips"})

    def test_wh_become_kwh_and_w_become_kw(self):
        row = self.point(common.HOUSEHOLD).consumption_ids.filtered(
            lambda r: r.date_start == date(2025, 10, 1)
        )
        self.assertEqual(row.date_end, date(2025, 10, 31))
        self.assertEqual((row.kwh_p1, row.kwh_p2, row.kwh_p3), (80.0, 70.0, 110.0))
        self.assertEqual(row.kwh_total, 260.0)
        self.assertEqual(row.max_demand_p1_kw, 3.2)
        self.assertEqual(row.access_tariff_id.code, "018")

    def test_annual_totals_cover_the_last_twelve_months(self):
        household = self.point(common.HOUSEHOLD)
        self.assertEqual(household.annual_date_to, date(2026, 10, 31))
        # November 2025 to October 2026: months 1..12 of the file (October 2025
        # is outside the window).
        expected_p1 = sum(80 + i for i in range(1, 13))
        expected_p2 = sum(70 + 0.5 * i for i in range(1, 13))
        self.assertAlmostEqual(household.annual_kwh_p1, expected_p1)
        self.assertAlmostEqual(household.annual_kwh_p2, expected_p2)
        self.assertAlmostEqual(
            household.annual_kwh_total, expected_p1 + expected_p2 + 110 * 12
        )
        shop = self.point(common.SHOP)
        self.assertAlmostEqual(shop.annual_kwh_p6, 460 * 12)

    def test_consumption_from_invoices_is_never_overwritten(self):
        household = self.point(common.HOUSEHOLD)
        invoiced = household.consumption_ids.filtered(
            lambda r: r.date_start == date(2026, 1, 1)
        )
        invoiced.write({"source": "invoice", "kwh_p1": 999.0})
        again = self.import_data(common.CONSUMPTION_SAMPLE)
        self.assertEqual((again.created_count, again.updated_count), (0, 0))
        self.assertEqual(invoiced.kwh_p1, 999.0)

    def test_a_changed_month_is_updated(self):
        household = self.point(common.HOUSEHOLD)
        row = household.consumption_ids.filtered(
            lambda r: r.date_start == date(2026, 10, 1)
        )
        row.kwh_p1 = 1.0
        again = self.import_data(common.CONSUMPTION_SAMPLE)
        self.assertEqual((again.created_count, again.updated_count), (0, 1))
        self.assertEqual(row.kwh_p1, 92.0)

    def test_consumption_of_another_companys_point_is_reported_not_imported(self):
        other = self.env["res.company"].create({"name": "Otra Comercializadora"})
        cups = common.make_cups("0021", 7004)
        foreign = self.Point.create({"cups": cups, "company_id": other.id})
        data = (
            "cups,fechaInicioMesConsumo,fechaFinMesConsumo,codigoTarifaATR,"
            "consumoEnergiaActivaEnWhP1\r\n"
            f"{cups},2026-01-01,2026-01-31,018,81000\r\n"
        ).encode()
        sips_import = self.Import.import_file(data, filename="other.csv")
        self.assertEqual(sips_import.rejected_count, 1)
        self.assertEqual(sips_import.line_ids.line_number, 2)
        self.assertIn("Otra Comercializadora", sips_import.line_ids.message)
        self.assertFalse(foreign.consumption_ids)
