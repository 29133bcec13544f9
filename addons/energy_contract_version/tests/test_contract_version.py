# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from . import contract_version_common


@tagged("post_install", "-at_install")
class TestContractVersion(contract_version_common.ContractVersionCase):
    def _change(self, parent, request_type="modification", **vals):
        return self._request(
            parent.supply_point_id,
            request_type=request_type,
            parent_contract_id=parent.id,
            **vals,
        )

    def test_activation_opens_the_first_version(self):
        contract = self._active_contract(on=date(2026, 1, 10))
        version = contract.version_ids
        self.assertEqual(len(version), 1)
        self.assertEqual(
            (version.date_from, version.date_to), (date(2026, 1, 10), False)
        )
        self.assertEqual(version.partner_id, self.holder)
        self.assertEqual(version.product_id, self.product)
        self.assertEqual(version.access_tariff_id, self.tariff)
        self.assertEqual((version.power_p1_kw, version.power_p2_kw), (4.6, 4.6))
        self.assertEqual(version.source_request_id, contract)

    def test_modification_moves_new_powers_onto_the_contract_with_dated_versions(
        self,
    ):
        contract = self._active_contract(on=date(2026, 1, 10))
        reference = contract.name
        change = self._change(
            contract,
            power_p1_kw=5.75,
            power_p2_kw=5.75,
            product_id=self.other_product.id,
        )
        self.assertTrue(change.is_power_increase)
        self._activate(change, date(2026, 3, 1))
        self.assertEqual(contract.name, reference)
        self.assertEqual((contract.power_p1_kw, contract.power_p2_kw), (5.75, 5.75))
        self.assertEqual(contract.product_id, self.other_product)
        self.assertEqual(contract.supply_point_id.power_p1_kw, 5.75)
        old, new = self._versions(contract)
        self.assertEqual(
            (old.date_from, old.date_to, old.power_p1_kw, old.product_id),
            (date(2026, 1, 10), date(2026, 2, 28), 4.6, self.product),
        )
        self.assertEqual(
            (new.date_from, new.date_to, new.power_p1_kw, new.product_id),
            (date(2026, 3, 1), False, 5.75, self.other_product),
        )
        self.assertEqual(new.source_request_id, change)
        powers_logged = contract.event_ids.filtered(
            lambda e: e.field_name == "power_p1_kw"
        )
        self.assertEqual(
            (powers_logged.old_value, powers_logged.new_value), ("4.6", "5.75")
        )

    def test_changes_of_several_contracts_are_applied_in_one_batch(self):
        first = self._active_contract(self.points[0], on=date(2026, 1, 10))
        second = self._active_contract(self.points[1], on=date(2026, 1, 12))
        changes = self._change(first, power_p1_kw=5.75, power_p2_kw=5.75) | (
            self._change(second, power_p1_kw=6.928, power_p2_kw=6.928)
        )
        self._activate(changes, date(2026, 4, 1))
        self.assertEqual(first.power_p2_kw, 5.75)
        self.assertEqual(second.power_p2_kw, 6.928)
        self.assertEqual(
            [v.date_to for v in self._versions(first)], [date(2026, 3, 31), False]
        )
        self.assertEqual(
            [v.date_to for v in self._versions(second)], [date(2026, 3, 31), False]
        )

    def test_change_starting_with_the_current_conditions_is_refused(self):
        contract = self._active_contract(on=date(2026, 3, 1))
        change = self._change(contract, power_p1_kw=5.75, power_p2_kw=5.75)
        self._to_accepted(change)
        with self.assertRaisesRegex(UserError, "the change must start later"):
            change.action_activate(date_activated=date(2026, 3, 1))
        self.assertEqual(change.state, "accepted")
        self.assertEqual(contract.power_p1_kw, 4.6)
        self.assertEqual(len(contract.version_ids), 1)

    def test_termination_request_ends_the_contract_on_its_date(self):
        contract = self._active_contract(on=date(2026, 1, 10))
        termination = self._change(
            contract, request_type="termination", termination_reason="end_of_term"
        )
        self._activate(termination, date(2026, 6, 30))
        self.assertEqual(contract.state, "terminated")
        self.assertEqual(contract.date_terminated, date(2026, 6, 30))
        self.assertEqual(contract.termination_reason, "end_of_term")
        self.assertIn(termination.name, contract.state_reason)
        self.assertEqual(contract.version_ids.date_to, date(2026, 6, 30))

    def test_change_of_a_contract_that_is_no_longer_active_is_refused(self):
        contract = self._active_contract(on=date(2026, 1, 10))
        change = self._change(contract, power_p1_kw=5.75, power_p2_kw=5.75)
        self._to_accepted(change)
        contract.action_terminate("Baja a petición del cliente", date=date(2026, 2, 1))
        with self.assertRaisesRegex(UserError, f"{contract.name} it changes is not"):
            change.action_activate(date_activated=date(2026, 3, 1))
        self.assertEqual(change.state, "accepted")
        self.assertEqual(contract.power_p1_kw, 4.6)
        self.assertEqual(contract.version_ids.date_to, date(2026, 2, 1))

    def test_versions_are_read_only_for_users(self):
        contract = self._active_contract(on=date(2026, 1, 10))
        version = contract.version_ids.with_user(self.manager)
        self.assertEqual(version.partner_id, self.holder)
        with self.assertRaises(AccessError):
            version.write({"power_p1_kw": 9.9})
        with self.assertRaises(AccessError):
            self.Version.with_user(self.backoffice).create(
                {
                    "contract_id": contract.id,
                    "date_from": date(2027, 1, 1),
                    "partner_id": self.holder.id,
                }
            )
