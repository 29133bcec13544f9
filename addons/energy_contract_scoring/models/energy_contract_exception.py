# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyContractException(models.Model):
    _inherit = "energy.contract.exception"

    check = fields.Selection(
        selection_add=[("scoring", "Scoring")],
        ondelete={"scoring": "cascade"},
    )
    scoring_id = fields.Many2one(
        "energy.contract.scoring",
        string="Scoring Concerned",
        readonly=True,
        help="The scoring result the exception was requested against.",
    )


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    def _get_exception_evidence(self, check):
        if check != "scoring":
            return super()._get_exception_evidence(check)
        self.ensure_one()
        errors = self._get_scoring_exit_errors(ignore_exceptions=True)
        return errors, {"scoring_id": self.scoring_id.id}
