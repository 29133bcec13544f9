# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from . import common


@tagged("post_install", "-at_install")
class TestPartnerCustomer(common.EnergyCase):
    """Energy > Customers > Customers lists customers, not every contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.action = cls.env.ref("energy_base.res_partner_action_energy_customer")
        cls.holder = cls.Partner.create({"name": "Rosa Prieto Calvo"})
        cls.point = cls.SupplyPoint.create(
            {"cups": common.make_cups("0021000055550000"), "holder_id": cls.holder.id}
        )

    def _listed(self, user):
        return self.Partner.with_user(user).search(safe_eval(self.action.domain))

    def test_customers_menu_lists_holders_not_every_contact(self):
        channel = self.Partner.create(
            {
                "name": "Agencia Norte, S.L.",
                "is_company": True,
                "is_energy_channel": True,
            }
        )
        colleague = self.backoffice.partner_id
        listed = self._listed(self.backoffice)
        self.assertIn(self.holder, listed)
        self.assertNotIn(channel, listed)
        self.assertNotIn(colleague, listed)
        self.assertNotIn(self.distributor("0021"), listed)
        self.assertNotIn(self.env.company.partner_id, listed)

    def test_a_contact_becomes_a_customer_when_it_holds_a_supply_point(self):
        newcomer = self.Partner.create({"name": "Óscar Lara Vega"})
        self.assertFalse(newcomer.is_energy_customer)
        self.point.holder_id = newcomer
        self.assertTrue(newcomer.is_energy_customer)
        # the previous holder stays a customer (win-back, history)
        self.assertTrue(self.holder.is_energy_customer)
        self.assertIn(newcomer, self._listed(self.backoffice))

    def test_a_customer_created_from_the_menu_stays_listed(self):
        Partner = self.Partner.with_user(self.backoffice).with_context(
            **safe_eval(self.action.context)
        )
        customer = Partner.create({"name": "Bodegas Ribera, S.L.", "is_company": True})
        self.assertIn(customer, self._listed(self.backoffice))

    def test_the_customer_flag_is_stored_and_indexed(self):
        field = self.Partner._fields["is_energy_customer"]
        self.assertTrue(field.store)
        self.assertTrue(field.index)
