# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields, models

from .energy_contract_cut import UNPAID


class EnergyContract(models.Model):
    """Payment plans from the contract: how many, and a proposal for its
    overdue debt."""

    _inherit = "energy.contract"

    dunning_plan_count = fields.Integer(
        string="Payment Plan Count", compute="_compute_dunning_plan_count"
    )

    def _compute_dunning_plan_count(self):
        counts = dict(
            self.env["energy.dunning.plan"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.dunning_plan_count = counts.get(contract, 0)

    def action_view_dunning_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_dunning.energy_dunning_plan_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    def action_propose_dunning_plan(self):
        """A new payment plan for the contract's overdue debt, to review
        and save."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose Payment Plan"),
            "res_model": "energy.dunning.plan",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_contract_id": self.id,
                "default_invoice_ids": [Command.set(self._dunning_plan_invoices().ids)],
            },
        }

    def _dunning_plan_invoices(self):
        """The contract's overdue, unpaid invoices not in an open plan."""
        self.ensure_one()
        open_plans = self.env["energy.dunning.plan"].search(
            [("contract_id", "=", self.id), ("state", "in", ("draft", "active"))]
        )
        return self.env["account.move"].search(
            [
                ("energy_contract_id", "=", self.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", UNPAID),
                ("invoice_date_due", "<", fields.Date.context_today(self)),
                ("id", "not in", open_plans.invoice_ids.ids),
            ],
            order="invoice_date_due, id",
        )
