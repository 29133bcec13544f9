# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from . import reporting_common


@tagged("post_install", "-at_install")
class TestContractCustomer(reporting_common.ReportingCase):
    def test_the_customer_of_a_request_is_listed_as_a_customer(self):
        """A new holder (holder change, new supply) is a customer from the
        request on, before the supply point is theirs."""
        newcomer = self.env["res.partner"].create({"name": "Jaime Ruiz Ortega"})
        self.assertFalse(newcomer.is_energy_customer)
        request = self._requests(1, partner_id=newcomer.id)
        self.assertNotEqual(request.supply_point_id.holder_id, newcomer)
        self.assertTrue(newcomer.is_energy_customer)
