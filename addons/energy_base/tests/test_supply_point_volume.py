# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from . import common


@tagged("post_install", "-at_install")
class TestSupplyPointVolume(common.EnergyCase):
    """Imports create thousands of points at once: the cost must not grow
    with the number of records."""

    def _vals(self, first, count):
        return [
            {
                "cups": common.make_cups(f"00{first + n:014d}"),
                "state_id": self.madrid.id,
                "zip": "28001",
                "city": "Madrid",
                "access_tariff_id": self.tariff_20.id,
                "power_p1_kw": 4.6,
                "power_p2_kw": 4.6,
            }
            for n in range(count)
        ]

    def test_creating_400_points_costs_a_constant_number_of_queries(self):
        self.SupplyPoint.create(self._vals(21_0000_0000_0000, 5))  # warm caches
        self.env.flush_all()
        with self.assertQueryCount(25):
            points = self.SupplyPoint.create(self._vals(21_0000_0001_0000, 400))
            self.env.flush_all()
        self.assertEqual(len(points), 400)
        self.assertEqual(set(points.mapped("distributor_id.energy_ree_code")), {"0021"})
        self.assertFalse(any(points.mapped("is_data_missing")))

    def test_cups_prefix_search_and_grouped_count_are_single_queries(self):
        self.SupplyPoint.create(self._vals(22_0000_0002_0000, 50))
        self.env.flush_all()
        with self.assertQueryCount(2):
            count = self.SupplyPoint.search_count([("cups_search", "ilike", "es0022")])
            groups = self.SupplyPoint._read_group(
                [("cups", "=like", "ES0022%")],
                ["access_tariff_id", "state_id"],
                ["__count"],
            )
        self.assertGreaterEqual(count, 50)
        self.assertIn((self.tariff_20, self.madrid), [(g[0], g[1]) for g in groups])
