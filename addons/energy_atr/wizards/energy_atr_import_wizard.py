# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import fields, models
from odoo.exceptions import UserError


class EnergyAtrImportWizard(models.TransientModel):
    """Upload one file received from a distributor: an XML message or a ZIP
    of messages. They are parsed, validated, matched and applied; what cannot
    be applied waits in the inbox with the reason."""

    _name = "energy.atr.import.wizard"
    _description = "Import ATR Files"

    file = fields.Binary(string="XML or ZIP File", required=True, attachment=False)
    file_name = fields.Char()

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose a file to import."))
        raw = base64.b64decode(self.file)
        record = self.env["energy.atr.import"].import_file(
            self.file_name or "atr.xml", raw, source="upload"
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.atr.import",
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
