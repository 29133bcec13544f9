# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.energy_contract_document import REJECTION_REASONS


class EnergyContractDocumentWizard(models.TransientModel):
    """Receive documents with their files, or reject them with a reason."""

    _name = "energy.contract.document.wizard"
    _description = "Decision on Contract Request Documents"

    action = fields.Selection(
        [("receive", "Mark received"), ("reject", "Reject")],
        required=True,
        default="receive",
    )
    document_ids = fields.Many2many(
        "energy.contract.document", string="Documents", required=True
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "energy_contract_document_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Files",
    )
    rejection_reason = fields.Selection(REJECTION_REASONS)
    rejection_note = fields.Text(string="Note")

    def action_confirm(self):
        self.ensure_one()
        if self.action == "receive":
            self.document_ids.action_receive(self.attachment_ids)
        else:
            self.document_ids.action_reject(self.rejection_reason, self.rejection_note)
        return {"type": "ir.actions.act_window_close"}
