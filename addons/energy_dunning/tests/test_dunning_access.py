# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .dunning_common import DunningCase


@tagged("post_install", "-at_install")
class TestDunningAccess(DunningCase):
    def test_collections_run_the_ladder_others_do_not(self):
        self.assertTrue(
            self.collector.has_group(
                "account_credit_control.group_account_credit_control_user"
            )
        )
        with self.assertRaises(AccessError):
            self.env["credit.control.run"].with_user(self.backoffice).create(
                {"date": self.today}
            )

    def test_plans_by_collections_a_customer_reads_only_their_own(self):
        contract = self._contract()
        invoice = self._invoice(contract, amount=50.0)
        plan = (
            self.env["energy.dunning.plan"]
            .with_user(self.collector)
            .create(
                {"contract_id": contract.id, "invoice_ids": [Command.set(invoice.ids)]}
            )
        )
        with self.assertRaises(AccessError):
            self.env["energy.dunning.plan"].with_user(self.backoffice).create(
                {"contract_id": contract.id}
            )
        with self.assertRaises(AccessError):
            plan.with_user(self.backoffice).write({"instalment_count": 2})
        other = self.env["res.partner"].create({"name": "Otra Clienta"})
        stranger = new_test_user(
            self.env,
            "dunning_stranger",
            groups="base.group_portal",
            partner_id=other.id,
        )
        with self.assertRaises(AccessError):
            plan.with_user(stranger).read(["amount"])
        owner = new_test_user(
            self.env,
            "dunning_owner",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        self.assertEqual(plan.with_user(owner).read(["amount"])[0]["amount"], 50.0)

    def test_customer_reads_no_dunning_lines(self):
        contract = self._contract()
        self._invoice(contract)
        run = self._run(7)
        owner = new_test_user(
            self.env,
            "dunning_owner2",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        with self.assertRaises(AccessError):
            run.line_ids.with_user(owner).read(["state"])
