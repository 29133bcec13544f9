# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CreditControlPolicy(models.Model):
    _inherit = "credit.control.policy"

    def _get_move_lines_to_process(self, credit_control_run):
        """The ladder also pauses for the invoices of a contract with a
        pending promise to pay due on or after the run's date; once the date
        has passed (the promise broken) the ladder resumes."""
        lines = super()._get_move_lines_to_process(credit_control_run)
        contracts = lines.move_id.energy_contract_id
        if not contracts:
            return lines
        paused = self.env["energy.dunning.promise"]._energy_pausing_contracts(
            contracts, credit_control_run.date
        )
        if not paused:
            return lines
        return lines.filtered(
            lambda line: line.move_id.energy_contract_id not in paused
        )
