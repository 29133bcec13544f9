# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""World shared by the dunning tests (no test in here): energy_atr's
switching world plus a collections user, active contracts of the customer
with their supply point facts, posted overdue invoices and runs."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.energy_atr.tests.atr_common import AtrCase


class DunningCase(AtrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = new_test_user(
            cls.env,
            "dunning_collector",
            groups="energy_base.group_energy_collections",
        )
        cls.customer.vat = "ES12345678Z"
        cls.Line = cls.env["credit.control.line"]
        cls.Event = cls.env["energy.contract.event"]
        cls.policies = {
            segment: cls.env.ref(f"energy_dunning.policy_{segment}")
            for segment in ("protected", "social_bonus", "business")
        }
        cls.today = fields.Date.context_today(cls.env.user)
        cls.due = cls.today - timedelta(days=150)
        # The demo ladders (demo/dunning_demo.py) end two days ago, and OCA
        # refuses a run dated before any existing line ("a credit control
        # line more recent than ..."); these tests replay ladders from 150
        # days back, so they date the demo's lines a year earlier, in their
        # own transaction (rolled back; OCA lets no sent line be deleted).
        cls.env["credit.control.line"].flush_model()
        cls.env.cr.execute(
            "UPDATE credit_control_line SET date = date - 365,"
            " date_sent = date_sent - 365"
        )
        cls.env["credit.control.line"].invalidate_model(["date", "date_sent"])

    def _contract(self, **point_vals):
        """An active contract of ours on a home (habitual dwelling) of
        4.6 kW, its C1 case closed."""
        point_vals.setdefault("is_habitual_dwelling", True)
        contract = self._requests(1)
        contract.supply_point_id.write(point_vals)
        self._activate(contract, self.today - timedelta(days=400))
        contract.atr_case_ids._set_state("activated", {}, "Activated")
        return contract

    def _honoured_plan(self, invoices):
        """A payment plan of the contract for `invoices`, proposed by the
        collector and accepted by phone: being honoured."""
        plan = (
            self.env["energy.dunning.plan"]
            .with_user(self.collector)
            .create(
                {
                    "contract_id": self.contract.id,
                    "invoice_ids": [Command.set(invoices.ids)],
                }
            )
        )
        plan._energy_accept("phone")
        return plan

    def _invoice(self, contract, due=None, amount=120.0):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": contract.partner_id.id,
                "energy_contract_id": contract.id,
                "invoice_date": (due or self.due) - timedelta(days=20),
                "invoice_date_due": due or self.due,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Electricidad", "quantity": 1, "price_unit": amount}
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _run(self, days_after_due, user=None):
        """A run of the collector `days_after_due` days after the due date,
        its lines made ready and its channel action done."""
        Run = self.env["credit.control.run"].with_user(user or self.collector)
        run = Run.create(
            {
                "date": self.due + timedelta(days=days_after_due),
                "policy_ids": [Command.set([p.id for p in self.policies.values()])],
            }
        )
        run.generate_credit_lines()
        run.set_to_ready_lines()
        run.run_channel_action()
        return run

    def _ladder_to_requerimiento(self, contract):
        """Levels 1 to 4 sent for the contract's invoices."""
        for days in (7, 20, 30, 37):
            self._run(days)
        return self.Line.search(
            [
                ("energy_contract_id", "=", contract.id),
                ("energy_notice_kind", "=", "requerimiento"),
            ]
        )

    def _serve(self, line, served=None, user=None, **vals):
        wizard = (
            self.env["energy.dunning.serve"]
            .with_user(user or self.collector)
            .create(
                {
                    "line_id": line.id,
                    "method": vals.get("method", "burofax"),
                    "proof_ref": vals.get("proof_ref", "BUROFAX-2026-0001"),
                    "date_served": served or self.due + timedelta(days=40),
                }
            )
        )
        return wizard.action_confirm()

    def _events(self, contract, step=None):
        domain = [("contract_id", "=", contract.id), ("event_type", "=", "dunning")]
        if step:
            domain.append(("field_name", "=", step))
        return self.Event.search(domain)
