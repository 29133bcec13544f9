# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import fields, models

from ..models.energy_sips_import import SYNC_LIMIT_BYTES
from ..tools import sips_format


class EnergySipsImportWizard(models.TransientModel):
    """Upload one SIPS file. Small files are applied at once; large ones are
    queued for the scheduled action, which shows its progress on the import."""

    _name = "energy.sips.import.wizard"
    _description = "Upload a SIPS File"

    file = fields.Binary(required=True)
    filename = fields.Char()
    file_type = fields.Selection(
        [
            ("auto", "Detect from the header"),
            (sips_format.PS, "Supply points (SIPS2026_PS_ELECTRICIDAD)"),
            (sips_format.CONSUMPTION, "Consumption (SIPS2026_CONSUMOS_ELECTRICIDAD)"),
        ],
        required=True,
        default="auto",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    in_background = fields.Boolean(
        string="Process in the Background",
        help="Queue the file for the scheduled action, which applies it in "
        "batches and shows the progress on the import. Files above 2 MB are "
        "always processed this way.",
    )

    def action_import(self):
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        sips_import = self.env["energy.sips.import"].import_file(
            data,
            file_type=None if self.file_type == "auto" else self.file_type,
            filename=self.filename,
            company=self.company_id,
            in_background=self.in_background or len(data) > SYNC_LIMIT_BYTES,
            origin="upload",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.sips.import",
            "res_id": sips_import.id,
            "view_mode": "form",
            "target": "current",
        }
