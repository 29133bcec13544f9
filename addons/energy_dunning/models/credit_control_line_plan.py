# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CreditControlLine(models.Model):
    _inherit = "credit.control.line"

    def action_energy_propose_plan(self):
        """Offer the customer a payment plan for this step's contract: its
        overdue invoices, this one included."""
        self.ensure_one()
        return self.energy_contract_id.action_propose_dunning_plan()
