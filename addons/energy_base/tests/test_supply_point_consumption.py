# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo.tests import tagged
from odoo.tools import mute_logger

from . import common


@tagged("post_install", "-at_install")
class TestSupplyPointConsumption(common.EnergyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls.SupplyPoint.create(
            {"cups": common.make_cups("0021000077770000")}
        )

    def _months(self, point, first, count, kwh=(100.0, 80.0, 120.0)):
        vals = []
        for i in range(count):
            start = first + relativedelta(months=i)
            vals.append(
                {
                    "supply_point_id": point.id,
                    "date_start": start,
                    "date_end": start + relativedelta(months=1, days=-1),
                    "kwh_p1": kwh[0],
                    "kwh_p2": kwh[1],
                    "kwh_p3": kwh[2],
                    "source": "sips",
                }
            )
        return (
            self.env["energy.supply.point.consumption"]
            .with_user(self.backoffice)
            .create(vals)
        )

    def test_annual_totals_cover_the_last_twelve_months_only(self):
        self._months(self.point, date(2025, 9, 1), 14)
        self.assertEqual(self.point.annual_date_to, date(2026, 10, 31))
        self.assertEqual(self.point.annual_kwh_p1, 1200)
        self.assertEqual(self.point.annual_kwh_p3, 1440)
        self.assertEqual(self.point.annual_kwh_total, 3600)
        self.assertEqual(self.point.consumption_count, 14)

    def test_a_new_month_moves_the_window(self):
        rows = self._months(self.point, date(2025, 11, 1), 12)
        self._months(self.point, date(2026, 11, 1), 1, kwh=(10.0, 10.0, 10.0))
        self.assertEqual(self.point.annual_kwh_total, 11 * 300 + 30)
        rows[-1].kwh_p1 = 0
        self.assertEqual(self.point.annual_kwh_total, 11 * 300 + 30 - 100)

    def test_totals_are_computed_for_many_points_at_once(self):
        points = self.SupplyPoint.create(
            [{"cups": common.make_cups(f"0022{n:012d}")} for n in range(50)]
        )
        vals = [
            {
                "supply_point_id": point.id,
                "date_start": date(2026, month, 1),
                "date_end": date(2026, month, 1) + relativedelta(months=1, days=-1),
                "kwh_p1": 10.0,
            }
            for point in points
            for month in range(1, 13)
        ]
        Consumption = self.env["energy.supply.point.consumption"]
        with self.assertQueryCount(30):
            Consumption.create(vals)
            Consumption.flush_model()
            points.flush_recordset()
        self.assertEqual(set(points.mapped("annual_kwh_total")), {120.0})

    def test_the_same_period_twice_is_refused(self):
        self._months(self.point, date(2026, 1, 1), 1)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.cr.savepoint():
                self._months(self.point, date(2026, 1, 1), 1)

    def test_negative_consumption_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.cr.savepoint():
                self._months(self.point, date(2026, 1, 1), 1, kwh=(-5.0, 0.0, 0.0))

    def test_consumption_button_opens_the_points_readings(self):
        self._months(self.point, date(2026, 1, 1), 3)
        action = self.point.with_user(self.user).action_view_consumption()
        rows = (
            self.env[action["res_model"]].with_user(self.user).search(action["domain"])
        )
        self.assertEqual(len(rows), 3)
