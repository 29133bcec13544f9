# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from . import common


@tagged("post_install", "-at_install")
class TestSipsImportErrors(common.SipsCase):
    def _problems(self, sips_import):
        return {
            (line.line_number, line.level): line.message
            for line in sips_import.line_ids
        }

    def test_bad_supply_point_rows_are_reported_and_good_rows_written(self):
        sips_import = self.import_data(common.PS_ERRORS)
        self.assertEqual(sips_import.state, "done")
        self.assertEqual(sips_import.row_count, 8)
        self.assertEqual(sips_import.created_count, 2)  # lines 2 and 8
        self.assertEqual(sips_import.rejected_count, 6)
        self.assertEqual(sips_import.warning_count, 2)
        problems = self._problems(sips_import)
        self.assertIn("check letters", problems[3, "error"])
        self.assertIn("'099' is unknown", problems[4, "error"])
        self.assertIn("at most 15.0 kW", problems[5, "error"])
        self.assertIn("'cuatro mil' is not a number", problems[6, "error"])
        self.assertIn("10 values but the header has 103", problems[7, "error"])
        self.assertIn("already appears on line 2", problems[9, "error"])
        self.assertIn(
            "fechaUltimaLectura",
            sips_import.line_ids.filtered(
                lambda line: line.line_number == 8 and "date" in line.message
            ).message,
        )
        self.assertTrue(self.point(common.HOUSEHOLD))
        self.assertTrue(self.point(common.VALENCIA))
        self.assertFalse(self.point("ES0021000099990001WM"))
        self.assertFalse(self.point(common.HOSPITAL))
        self.assertFalse(self.point(common.VALENCIA).date_last_reading)
        self.assertFalse(self.point(common.VALENCIA).cnae_id)
        # The duplicate on line 9 (3.0TD) did not overwrite line 2 (2.0TD).
        self.assertEqual(self.point(common.HOUSEHOLD).access_tariff_id.code, "018")

    def test_bad_consumption_rows_are_reported_and_good_rows_written(self):
        self.import_data(common.PS_SAMPLE)
        sips_import = self.import_data(common.CONSUMPTION_ERRORS)
        self.assertEqual((sips_import.row_count, sips_import.created_count), (7, 1))
        self.assertEqual(sips_import.rejected_count, 6)
        problems = self._problems(sips_import)
        self.assertIn("no supply point", problems[3, "error"])
        self.assertIn("ends (2026-01-01) before it starts", problems[4, "error"])
        self.assertIn("'-5' is not a number", problems[5, "error"])
        self.assertIn("'077' is unknown", problems[6, "error"])
        self.assertIn("'2026-13-01' is not a date", problems[7, "error"])
        self.assertIn("already appears on line 2", problems[8, "error"])
        self.assertEqual(self.point(common.HOUSEHOLD).consumption_count, 1)

    def _assert_rejected_without_trace(self, data, message, file_type=None):
        counts = (
            self.env["energy.sips.import"].search_count([]),
            self.Point.search_count([]),
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "energy.sips.import")]
            ),
        )
        with self.assertRaisesRegex(UserError, message):
            self.Import.import_file(data, file_type=file_type, filename="bad.csv")
        self.assertEqual(
            counts,
            (
                self.env["energy.sips.import"].search_count([]),
                self.Point.search_count([]),
                self.env["ir.attachment"].search_count(
                    [("res_model", "=", "energy.sips.import")]
                ),
            ),
        )

    def test_empty_file_is_refused(self):
        self._assert_rejected_without_trace(b"", "The file is empty")
        self._assert_rejected_without_trace(b"\r\n\r\n", "The file is empty")

    def test_binary_file_is_refused(self):
        self._assert_rejected_without_trace(
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00" * 20, "binary data"
        )

    def test_latin1_file_is_refused(self):
        self._assert_rejected_without_trace(
            "cups;Población\nES0021000004815162XV;Cádiz\n".encode("latin-1"),
            "not UTF-8",
        )

    def test_text_that_is_not_csv_is_refused(self):
        self._assert_rejected_without_trace(
            b"Dear customer: please find attached the SIPS data.\n",
            "not a comma-separated CSV",
        )

    def test_unknown_header_is_refused(self):
        self._assert_rejected_without_trace(
            b"CUPS,Tarifa,Potencia\nES0021000004815162XV,2.0TD,4600\n",
            "header row is not the one of a SIPS file",
        )

    def test_header_lacking_columns_of_the_chosen_type_is_refused(self):
        self._assert_rejected_without_trace(
            self.read_data(common.PS_SAMPLE),
            "lacks columns a Consumption file needs: fechaInicioMesConsumo",
            file_type="consumption",
        )
