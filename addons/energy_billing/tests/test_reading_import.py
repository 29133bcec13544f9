# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form

from .common import BillingCase, make_cups


class TestReadingImport(BillingCase):
    def _import(self, text):
        form = Form(
            self.env["energy.billing.reading.import"].with_user(self.backoffice)
        )
        raw = text if isinstance(text, bytes) else text.encode()
        form.file = base64.b64encode(raw)
        record = form.save()
        record.action_import()
        return record

    def _csv(self, *lines):
        header = "cups;date_start;date_end;kwh_p1;kwh_p2;kwh_p3;kwh_p4;kwh_p5;kwh_p6"
        return "\n".join([header, *lines]) + "\n"

    def test_good_rows_imported_bad_rows_reported_by_line_file_kept(self):
        text = self._csv(
            f"{self.home.cups};2026-01-01;2026-01-31;60,5;70;120;;;",
            f"{make_cups(999)};2026-01-01;2026-01-31;1;1;1;;;",
            f"{self.shop_point.cups};31/01/2026;2026-01-31;1;1;1;1;1;1",
            f"{self.shop_point.cups};2026-01-01;2026-01-31;1;abc;1;1;1;1",
            f"{self.canary_home.cups};2026-01-01;2026-01-31;-5;1;1;;;",
            f"{self.canary_home.cups}0F;2026-02-01;2026-01-31;1;1;1;;;",
            f"{self.shop_point.cups};2026-01-01;2026-01-31;420;510;0;0;0;980",
        )
        record = self._import(text)
        self.assertEqual(record.state, "done")
        self.assertEqual((record.imported_count, record.error_count), (2, 5))
        report = record.error_report.splitlines()
        self.assertEqual(
            [line.split(":")[0] for line in report],
            ["Line 3", "Line 4", "Line 5", "Line 6", "Line 7"],
        )
        self.assertIn(make_cups(999), report[0])
        self.assertIn("YYYY-MM-DD", report[1])
        self.assertIn("kwh_p2", report[2])
        self.assertIn("kwh_p1", report[3])
        home = record.reading_ids.filtered(lambda r: r.supply_point_id == self.home)
        self.assertEqual(home.kwh_p1, 60.5)
        self.assertEqual(home.source, "csv")
        # the raw file is kept byte for byte and linked to every reading
        self.assertEqual(record.attachment_id.raw, text.encode())
        self.assertEqual(record.reading_ids.attachment_id, record.attachment_id)

    def test_importing_the_same_file_twice_changes_nothing(self):
        text = self._csv(f"{self.home.cups};2026-01-01;2026-01-31;60;70;120;;;")
        self._import(text)
        again = self._import(text)
        self.assertEqual((again.imported_count, again.unchanged_count), (0, 1))
        readings = self.Reading.search([("supply_point_id", "=", self.home.id)])
        self.assertEqual(len(readings), 1)
        self.assertEqual(readings.state, "valid")

    def test_overlapping_row_is_reported_and_the_rest_imported(self):
        self._reading(self.home, date(2026, 1, 1), date(2026, 1, 31), [1, 1, 1])
        record = self._import(
            self._csv(
                f"{self.home.cups};2026-01-15;2026-02-14;1;1;1;;;",
                f"{self.shop_point.cups};2026-01-01;2026-01-31;1;1;1;1;1;1",
            )
        )
        self.assertEqual((record.imported_count, record.error_count), (1, 1))
        self.assertTrue(record.error_report.startswith("Line 2:"))
        self.assertIn("overlaps", record.error_report)

    def test_unreadable_file_changes_nothing(self):
        Attachment = self.env["ir.attachment"]
        kept = [("res_model", "=", "energy.billing.reading.import")]
        counts = (self.Reading.search_count([]), Attachment.search_count(kept))
        with self.assertRaises(UserError):
            self._import("nombre,fecha\nfoo,bar\n")
        with self.assertRaises(UserError):
            self._import("cups;date_start;date_end\n".encode("utf-16"))
        self.assertEqual(
            (self.Reading.search_count([]), Attachment.search_count(kept)), counts
        )

    def test_a_corrected_row_supersedes_the_reading(self):
        self._import(self._csv(f"{self.home.cups};2026-01-01;2026-01-31;60;70;120;;;"))
        record = self._import(
            self._csv(f"{self.home.cups};2026-01-01;2026-01-31;60;70;100;;;")
        )
        self.assertEqual(record.imported_count, 1)
        old = self.Reading.search(
            [("supply_point_id", "=", self.home.id), ("state", "=", "superseded")]
        )
        self.assertEqual(old.superseded_by_id, record.reading_ids)
        self.assertEqual(record.reading_ids.kwh_p3, 100)
