# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, new_test_user, tagged

from .contract_common import ContractCase


@tagged("post_install", "-at_install")
class TestContractRelated(ContractCase):
    """The way between records: from a customer and from a supply point to
    their requests, with the buttons' counts, and forms that show only the
    power periods of the access tariff."""

    def _open(self, record, method):
        action = getattr(record, method)()
        return self.env[action["res_model"]].with_user(self.backoffice).search(
            action["domain"]
        ), action

    def test_customer_button_lists_their_requests(self):
        first, second = self._request(), self._request(self.points[1])
        self._request(partner_id=self.known_holder.id, point=self.points[2])
        holder = self.holder.with_user(self.backoffice)
        self.assertEqual(holder.energy_contract_count, 2)
        self.assertEqual(holder.energy_supply_point_count, 4)
        requests, action = self._open(holder, "action_view_energy_contracts")
        self.assertEqual(requests, first | second)
        self.assertEqual(action["context"], {"default_partner_id": self.holder.id})
        points, _action = self._open(holder, "action_view_energy_supply_points")
        self.assertEqual(points, self.points)

    def test_supply_point_button_lists_its_requests(self):
        request = self._request(self.points[3])
        point = self.points[3].with_user(self.backoffice)
        self.assertEqual(point.contract_count, 1)
        requests, _action = self._open(point, "action_view_contracts")
        self.assertEqual(requests, request)

    def test_counts_cost_one_query_for_a_page_of_partners(self):
        for point in self.points:
            self._request(point)
        partners = (self.holder | self.known_holder).with_user(self.backoffice)
        self.assertEqual(partners[0].energy_contract_count, 4)  # rules now cached
        partners.invalidate_recordset()
        with self.assertQueryCount(1):
            partners.mapped("energy_contract_count")

    def test_user_without_energy_role_counts_nothing(self):
        self._request()
        plain = new_test_user(self.env, "rel_plain", groups="base.group_user")
        holder = self.holder.with_user(plain)
        self.assertEqual(holder.energy_contract_count, 0)
        self.assertEqual(holder.energy_supply_point_count, 0)

    def test_form_shows_only_the_tariffs_power_periods(self):
        request = self._request()
        with Form(request.with_user(self.backoffice)) as form:
            form.power_p2_kw = 5.75
            with self.assertRaises(AssertionError):
                form.power_p3_kw = 5.75
        tariff_30 = self.env.ref("energy_base.access_tariff_30td")
        point = self.points[1].with_user(self.manager)
        point.write(
            {
                "access_tariff_id": tariff_30.id,
                **{f"power_p{n}_kw": 20.0 for n in range(1, 7)},
            }
        )
        with Form(point) as form:
            form.power_p6_kw = 25.0
        self.assertEqual(point.power_p6_kw, 25.0)
