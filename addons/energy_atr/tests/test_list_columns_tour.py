# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

LISTS = [
    "energy_contract.energy_contract_action",
    "energy_base.energy_supply_point_action",
    "energy_atr.energy_atr_case_action",
    "energy_atr.energy_atr_message_action",
]


@tagged("post_install", "-at_install")
class TestListColumnsFit(HttpCase):
    """At 1440 px, the screen of a back-office desk, the request codes, CUPS,
    switching codes and state badges of the main lists are not cut."""

    browser_size = "1440x900"

    def test_key_columns_of_the_main_lists_show_whole(self):
        user = self.env.ref("energy_base.user_demo_backoffice")
        for action in LISTS:
            with self.subTest(action=action):
                model = self.env.ref(action).res_model
                self.assertTrue(self.env[model].with_user(user).search_count([]))
                self.start_tour(
                    f"/odoo/action-{action}?view_type=list",
                    "energy_list_columns_fit_tour",
                    login=user.login,
                )
