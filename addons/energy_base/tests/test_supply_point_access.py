# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from . import common


@tagged("post_install", "-at_install")
class TestSupplyPointAccess(common.EnergyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls.SupplyPoint.create(
            {"cups": common.make_cups("0021000011110000")}
        )

    def test_energy_user_reads_but_cannot_write_or_create(self):
        self.assertEqual(self.point.with_user(self.user).cups, self.point.cups)
        with self.assertRaises(AccessError):
            self.point.with_user(self.user).write({"city": "Toledo"})
        with self.assertRaises(AccessError):
            self.SupplyPoint.with_user(self.user).create(
                {"cups": common.make_cups("0021000011110001")}
            )

    def test_backoffice_creates_and_writes_but_cannot_delete(self):
        point = self.SupplyPoint.with_user(self.backoffice).create(
            {"cups": common.make_cups("0021000011110002")}
        )
        point.write({"city": "Toledo"})
        self.assertEqual(point.city, "Toledo")
        with self.assertRaises(AccessError):
            point.unlink()

    def test_manager_deletes(self):
        self.point.with_user(self.manager).unlink()
        self.assertFalse(self.point.exists())

    def test_employee_without_energy_role_cannot_read(self):
        with self.assertRaises(AccessError):
            self.point.with_user(self.employee).read(["cups"])

    def test_master_data_is_configured_by_managers_only(self):
        for model, vals in (
            (
                "energy.access.tariff",
                {
                    "name": "X",
                    "code": "999",
                    "power_period_count": 1,
                    "energy_period_count": 1,
                },
            ),
            ("energy.cnae", {"code": "9999", "name": "X"}),
            ("energy.supply.use", {"code": "ZZ", "name": "X"}),
        ):  # fmt: skip
            with self.subTest(model=model):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.backoffice).create(vals)
                record = self.env[model].with_user(self.manager).create(vals)
                self.assertTrue(record.with_user(self.user).display_name)

    def test_points_of_another_company_are_invisible(self):
        other = self.env["res.company"].create({"name": "Otra Comercializadora"})
        foreign = self.SupplyPoint.create(
            {"cups": common.make_cups("0021000011110003"), "company_id": other.id}
        )
        found = self.SupplyPoint.with_user(self.user).search([("id", "=", foreign.id)])
        self.assertFalse(found)
        with self.assertRaises(AccessError):
            foreign.with_user(self.user).read(["cups"])
        both = new_test_user(
            self.env,
            "sp_both",
            groups="energy_base.group_energy_user",
            company_ids=[(6, 0, [self.env.company.id, other.id])],
        )
        visible = self.SupplyPoint.with_user(both).with_context(
            allowed_company_ids=[self.env.company.id, other.id]
        )
        self.assertEqual(visible.search([("id", "=", foreign.id)]), foreign)
