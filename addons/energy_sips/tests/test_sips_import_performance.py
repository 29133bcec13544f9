# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

from odoo.tests import tagged

from odoo.addons.energy_sips.tools import sips_format

from . import common

ROWS = 300
# Reference tables, one search for the batch's CUPS, the inserts in chunks of
# 100 (INSERT_BATCH_SIZE) with their computed columns, the problem lines and
# the counters. A query per row would be 300 or more.
MAX_QUERIES_CREATE = 45
MAX_QUERIES_UPDATE = 30


@tagged("post_install", "-at_install")
class TestSipsImportPerformance(common.SipsCase):
    def _rows(self, powers):
        return [
            {
                "cups": common.make_cups("0021", 800000 + index),
                "powers": powers,
                "province": ("28", "08", "46", "41")[index % 4],
                "retailer": ("0762", "0631", "0001")[index % 3],
            }
            for index in range(ROWS)
        ]

    def _queued_import(self, data):
        """A queued import and its rows, read the way `_process` reads them."""
        sips_import = self.Import.import_file(
            data, filename="batch.csv", in_background=True
        )
        stream = io.BytesIO(data)
        header, offset, number = sips_format.read_header(stream)
        rows = [
            row[:2]
            for row in sips_format.iter_rows(stream, header, offset, number, ROWS)
        ]
        self.assertEqual(len(rows), ROWS)
        return sips_import, header, rows

    def test_one_batch_of_new_points_costs_a_bounded_number_of_queries(self):
        sips_import, header, rows = self._queued_import(
            common.ps_csv(self._rows([4600, 4600]))
        )
        with self.assertQueryCount(MAX_QUERIES_CREATE):
            sips_import._process_batch(header, rows)
        self.assertEqual(sips_import.created_count, ROWS)
        self.assertEqual(
            self.Point.search_count([("sips_import_id", "=", sips_import.id)]), ROWS
        )

    def test_one_batch_of_changed_points_costs_a_bounded_number_of_queries(self):
        self.Import.import_file(
            common.ps_csv(self._rows([4600, 4600])), filename="first.csv"
        )
        sips_import, header, rows = self._queued_import(
            common.ps_csv(self._rows([5750, 5750]))
        )
        self.env.invalidate_all()
        with self.assertQueryCount(MAX_QUERIES_UPDATE):
            sips_import._process_batch(header, rows)
        self.assertEqual(sips_import.updated_count, ROWS)
        self.assertEqual(
            set(
                self.Point.search([("sips_import_id", "=", sips_import.id)]).mapped(
                    "power_p1_kw"
                )
            ),
            {5.75},
        )
