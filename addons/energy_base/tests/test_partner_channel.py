# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from . import common


@tagged("post_install", "-at_install")
class TestPartnerChannel(common.EnergyCase):
    """Sales channels and sub-channels set up in the interface: managers
    configure them, the back-office reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.channel = cls.Partner.create(
            {
                "name": "Agencia Castilla Energía, S.L.",
                "is_company": True,
                "is_energy_channel": True,
                "street": "Calle Santiago, 18",
                "city": "Valladolid",
            }
        )
        cls.subchannel = cls.Partner.create(
            {
                "name": "Castilla Energía Soria, S.L.",
                "is_company": True,
                "is_energy_channel": True,
                "parent_id": cls.channel.id,
                "type": "other",
            }
        )
        cls.rival_channel = cls.Partner.create(
            {
                "name": "Ahorro Luz Galicia, S.L.",
                "is_company": True,
                "is_energy_channel": True,
            }
        )
        cls.validation = new_test_user(
            cls.env, "ch_validation", groups="energy_base.group_energy_validation"
        )
        cls.action = cls.env.ref("energy_base.res_partner_action_energy_channel")
        cls.menu = cls.env.ref("energy_base.menu_energy_channel")

    def _action_records(self, user):
        return self.Partner.with_user(user).search(safe_eval(self.action.domain))

    def test_manager_sets_up_a_channel_and_its_sub_channel(self):
        Partner = self.Partner.with_user(self.manager).with_context(
            **safe_eval(self.action.context)
        )
        channel = Partner.create({"name": "Agencia Duero Luz, S.L."})
        subchannel = Partner.create(
            {"name": "Duero Luz Zamora, S.L.", "parent_id": channel.id}
        )
        self.assertTrue(channel.is_energy_channel and channel.is_company)
        self.assertEqual(channel.energy_sub_channel_ids, subchannel)
        # its own commercial entity: its users see its requests only
        self.assertEqual(subchannel.commercial_partner_id, subchannel)
        self.assertTrue(channel.can_configure_energy_channel)

    def test_channels_action_lists_channels_only(self):
        agent = self.Partner.create(
            {"name": "Sara Gil Pascual", "parent_id": self.channel.id}
        )
        listed = self._action_records(self.backoffice)
        self.assertLessEqual(
            self.channel | self.subchannel | self.rival_channel, listed
        )
        self.assertNotIn(agent, listed)
        self.assertNotIn(self.distributor("0021"), listed)
        self.assertNotIn(self.backoffice.partner_id, listed)

    def test_backoffice_reads_channels_but_cannot_configure_them(self):
        Partner = self.Partner.with_user(self.backoffice)
        channel = self.channel.with_user(self.backoffice)
        self.assertTrue(channel.is_energy_channel)
        self.assertEqual(channel.energy_sub_channel_ids, self.subchannel)
        self.assertFalse(channel.can_configure_energy_channel)
        with self.assertRaises(AccessError):
            Partner.create({"name": "Agencia Nueva, S.L.", "is_energy_channel": True})
        with self.assertRaises(AccessError):
            channel.write({"is_energy_channel": False})
        with self.assertRaises(AccessError):
            self.subchannel.with_user(self.backoffice).write(
                {"parent_id": self.rival_channel.id}
            )
        contact = self.Partner.create(
            {"name": "Talleres Gil, S.L.", "is_company": True}
        )
        with self.assertRaises(AccessError):
            contact.with_user(self.backoffice).write({"is_energy_channel": True})
        self.assertEqual(self.subchannel.parent_id, self.channel)
        # ordinary contact work on a channel goes on: its phone, its people
        channel.write({"phone": "+34 983 000 111"})
        agent = Partner.create({"name": "Sara Gil Pascual", "parent_id": channel.id})
        self.assertFalse(agent.is_energy_channel)
        self.assertEqual(agent.commercial_partner_id, self.channel)

    def test_a_sub_channel_is_a_company(self):
        with self.assertRaisesRegex(ValidationError, "as a person"):
            self.Partner.create(
                {
                    "name": "Luis Prieto Sanz",
                    "is_energy_channel": True,
                    "parent_id": self.channel.id,
                }
            )
        # an independent agent selling for us on their own is a channel
        agent = self.Partner.create(
            {"name": "Luis Prieto Sanz", "is_energy_channel": True}
        )
        self.assertTrue(agent.is_energy_channel)

    def test_a_sub_channel_keeps_its_own_address(self):
        context = safe_eval(self.action.context)
        Partner = self.Partner.with_user(self.manager).with_context(**context)
        with Form(Partner) as form:
            form.name = "Castilla Energía Burgos, S.L."
            form.street = "Calle de Vitoria, 7"
            form.city = "Burgos"
            form.parent_id = self.channel
        subchannel = form.record
        self.assertEqual(subchannel.type, "other")
        self.assertEqual(subchannel.street, "Calle de Vitoria, 7")
        self.assertEqual(subchannel.commercial_partner_id, subchannel)
        self.channel.write({"street": "Plaza Mayor, 1"})
        self.assertEqual(subchannel.street, "Calle de Vitoria, 7")

    def test_channels_menu_for_backoffice_and_managers(self):
        menus = self.env["ir.ui.menu"]
        for user in (self.backoffice, self.manager):
            self.assertIn(self.menu.id, menus.with_user(user)._visible_menu_ids())
        for user in (self.validation, self.user, self.employee):
            self.assertNotIn(self.menu.id, menus.with_user(user)._visible_menu_ids())
