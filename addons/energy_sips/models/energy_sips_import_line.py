# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergySipsImportLine(models.Model):
    """A problem found in one row of a SIPS import: an error rejects the row,
    a warning drops one value and keeps the row."""

    _name = "energy.sips.import.line"
    _description = "SIPS Import Problem"
    _order = "import_id, line_number, id"

    import_id = fields.Many2one(
        "energy.sips.import", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="import_id.company_id", store=True, index=True)
    line_number = fields.Integer(
        string="Line", help="Line of the file (the header is line 1)."
    )
    cups = fields.Char(string="CUPS")
    level = fields.Selection(
        [("error", "Error: row not written"), ("warning", "Warning: value ignored")],
        required=True,
        default="error",
        index=True,
    )
    message = fields.Text(required=True)
