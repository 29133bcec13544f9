# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSupplyPointTour(HttpCase):
    def test_backoffice_finds_a_supply_point_by_a_dictated_cups(self):
        new_test_user(
            self.env, "tour_backoffice", groups="energy_base.group_energy_backoffice"
        )
        holder = self.env["res.partner"].create({"name": "Pilar Ortiz Molina"})
        points = self.env["energy.supply.point"].create(
            [
                {"cups": "ES0021000042424242AA0F", "holder_id": holder.id},
                {"cups": "ES0022000042424242PQ"},
            ]
        )
        self.assertEqual(points[0].distributor_id.energy_ree_code, "0021")
        self.start_tour(
            "/odoo/action-energy_base.energy_supply_point_action",
            "energy_supply_point_search_tour",
            login="tour_backoffice",
        )
