# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import tagged
from odoo.tools import SQL

from . import common

LONG_AGO = datetime(2020, 1, 1, 12, 0, 0)


@tagged("post_install", "-at_install")
class TestSipsImportIdempotence(common.SipsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first_points = cls.import_data(common.PS_SAMPLE)
        cls.first_consumption = cls.import_data(common.CONSUMPTION_SAMPLE)
        cls.points = cls.env["energy.supply.point"].search(
            [("sips_import_id", "=", cls.first_points.id)]
        )
        cls.consumption = cls.points.consumption_ids
        # Date every row in the past: a second import that wrote anything
        # would move its write_date to now.
        cls.env.flush_all()
        for table in ("energy_supply_point", "energy_supply_point_consumption"):
            cls.env.cr.execute(
                SQL("UPDATE %s SET write_date = %s", SQL.identifier(table), LONG_AGO)
            )
        cls.env.invalidate_all()

    def test_reimporting_the_supply_point_file_changes_nothing(self):
        partners = self.env["res.partner"].search_count([])
        again = self.import_data(common.PS_SAMPLE)
        self.assertEqual(again.state, "done")
        self.assertEqual(
            (again.created_count, again.updated_count, again.unchanged_count),
            (0, 0, 5),
        )
        self.assertFalse(again.line_ids)
        self.assertEqual(
            self.Point.search_count([("cups", "in", self.points.mapped("cups"))]), 5
        )
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.env.invalidate_all()
        self.assertEqual(set(self.points.mapped("write_date")), {LONG_AGO})
        self.assertEqual(set(self.points.mapped("sips_import_id")), {self.first_points})

    def test_reimporting_the_consumption_file_changes_nothing(self):
        again = self.import_data(common.CONSUMPTION_SAMPLE)
        self.assertEqual(
            (again.created_count, again.updated_count, again.unchanged_count),
            (0, 0, 25),
        )
        self.env.invalidate_all()
        self.assertEqual(len(self.points.consumption_ids), 25)
        self.assertEqual(set(self.consumption.mapped("write_date")), {LONG_AGO})
        self.assertEqual(set(self.points.mapped("write_date")), {LONG_AGO})

    def test_only_the_point_that_changed_is_written(self):
        data = (
            self.read_data(common.PS_SAMPLE)
            .replace(b'"ES0022000008765432AG"', b'"ES0022000008765432AG0F"')
            .replace(b'"3450","3450"', b'"4400","4400"')
        )
        again = self.Import.import_file(data, filename="changed.csv")
        self.assertEqual(
            (again.created_count, again.updated_count, again.unchanged_count),
            (0, 1, 4),
        )
        self.env.invalidate_all()
        changed = self.point(common.CORUNA)
        self.assertEqual(changed.power_p1_kw, 4.4)
        self.assertEqual(changed.cups_full, common.CORUNA + "0F")
        self.assertEqual(changed.sips_import_id, again)
        self.assertNotEqual(changed.write_date, LONG_AGO)
        self.assertEqual(set((self.points - changed).mapped("write_date")), {LONG_AGO})
