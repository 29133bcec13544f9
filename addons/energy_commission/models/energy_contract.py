# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyContract(models.Model):
    """Commissions follow the contract: lines on activation (ATR 05), a
    clawback when it ends (E1 withdrawal, B1 termination, 06 switch-away)."""

    _inherit = "energy.contract"

    commission_line_ids = fields.One2many(
        "energy.commission.line", "contract_id", string="Commission Lines"
    )

    def _action_activate(self):
        result = super()._action_activate()
        self.env["energy.commission.line"]._generate_for_contracts(self)
        return result

    def _action_terminate(self):
        result = super()._action_terminate()
        self.env["energy.commission.line"]._clawback_for_contracts(self)
        return result

    def _energy_commission_withdrawn(self):
        """Whether the customer withdrew from this contract (E1): an active
        withdrawal request ended it."""
        self.ensure_one()
        return any(
            request.request_type == "withdrawal" and request.state == "active"
            for request in self.sudo().change_request_ids
        )
