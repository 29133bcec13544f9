# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPartnerChannelTour(HttpCase):
    def test_manager_sets_up_a_sub_channel_in_the_web_client(self):
        new_test_user(
            self.env, "tour_channel_manager", groups="energy_base.group_energy_manager"
        )
        channel = self.env["res.partner"].create(
            {
                "name": "Agencia Castilla Energía, S.L.",
                "is_company": True,
                "is_energy_channel": True,
                "street": "Calle Santiago, 18",
            }
        )
        self.start_tour(
            "/odoo/action-energy_base.res_partner_action_energy_channel",
            "energy_channel_setup_tour",
            login="tour_channel_manager",
        )
        subchannel = channel.energy_sub_channel_ids
        self.assertEqual(subchannel.name, "Castilla Energía Burgos, S.L.")
        self.assertTrue(subchannel.is_energy_channel and subchannel.is_company)
        self.assertEqual(subchannel.street, "Calle de Vitoria, 7")
        self.assertEqual(subchannel.commercial_partner_id, subchannel)
