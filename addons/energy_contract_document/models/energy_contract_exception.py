# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields, models


class EnergyContractException(models.Model):
    _inherit = "energy.contract.exception"

    check = fields.Selection(
        selection_add=[("documents", "Documents")],
        ondelete={"documents": "cascade"},
    )
    document_ids = fields.Many2many(
        "energy.contract.document",
        string="Documents Concerned",
        readonly=True,
        help="Documents missing, rejected or not validated when the exception was "
        "requested.",
    )


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    def _get_exception_evidence(self, check):
        if check != "documents":
            return super()._get_exception_evidence(check)
        self.ensure_one()
        errors = self._get_document_exit_errors(ignore_exceptions=True)
        pending = self.document_ids.filtered(
            lambda d: d.is_required and d.state != "validated"
        )
        return errors, {"document_ids": [Command.set(pending.ids)]}
