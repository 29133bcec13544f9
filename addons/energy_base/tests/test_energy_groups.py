# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user, tagged

ROLE_GROUPS = (
    "energy_base.group_energy_backoffice",
    "energy_base.group_energy_validation",
    "energy_base.group_energy_collections",
    "energy_base.group_energy_customer_service",
    "energy_base.group_energy_account_manager",
)


@tagged("post_install", "-at_install")
class TestEnergyGroups(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.menu_root = cls.env.ref("energy_base.menu_energy_root")
        cls.menu_configuration = cls.env.ref("energy_base.menu_energy_configuration")
        cls.plain_user = new_test_user(
            cls.env, login="plain_employee", groups="base.group_user"
        )
        cls.energy_user = new_test_user(
            cls.env, login="energy_reader", groups="energy_base.group_energy_user"
        )
        cls.backoffice = new_test_user(
            cls.env,
            login="energy_backoffice",
            groups="energy_base.group_energy_backoffice",
        )
        cls.manager = new_test_user(
            cls.env, login="energy_manager", groups="energy_base.group_energy_manager"
        )

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_every_role_is_in_the_energy_category_and_implies_user(self):
        category = self.env.ref("energy_base.module_category_energy")
        user_group = self.env.ref("energy_base.group_energy_user")
        for xmlid in ROLE_GROUPS:
            group = self.env.ref(xmlid)
            self.assertEqual(group.category_id, category, xmlid)
            self.assertIn(user_group, group.trans_implied_ids, xmlid)
        self.assertIn(self.env.ref("base.group_user"), user_group.implied_ids)

    def test_manager_implies_every_other_role(self):
        manager = self.env.ref("energy_base.group_energy_manager")
        for xmlid in (*ROLE_GROUPS, "energy_base.group_energy_user"):
            self.assertIn(self.env.ref(xmlid), manager.trans_implied_ids, xmlid)
        self.assertTrue(self.manager.has_group("energy_base.group_energy_collections"))

    def test_roles_do_not_imply_each_other(self):
        backoffice = self.env.ref("energy_base.group_energy_backoffice")
        manager = self.env.ref("energy_base.group_energy_manager")
        self.assertNotIn(manager, backoffice.trans_implied_ids)
        self.assertFalse(
            self.backoffice.has_group("energy_base.group_energy_validation")
        )

    def test_internal_user_without_energy_role_does_not_see_the_app(self):
        self.assertNotIn(self.menu_root.id, self._visible_menus(self.plain_user))

    def test_energy_user_sees_the_app_but_not_its_configuration(self):
        visible = self._visible_menus(self.energy_user)
        self.assertIn(self.menu_root.id, visible)
        self.assertIn(self.env.ref("energy_base.menu_energy_customers").id, visible)
        self.assertNotIn(self.menu_configuration.id, visible)

    def test_role_user_sees_the_app_through_the_implied_group(self):
        self.assertIn(self.menu_root.id, self._visible_menus(self.backoffice))

    def test_admin_is_energy_manager(self):
        self.assertTrue(
            self.env.ref("base.user_admin").has_group(
                "energy_base.group_energy_manager"
            )
        )
