# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EnergyCnae(models.Model):
    """Economic activity of the supply (CNAE-2009); 9820 for households."""

    _name = "energy.cnae"
    _description = "CNAE Activity Code"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True, size=4)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE (code)", "Two CNAE entries cannot share a code."),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for cnae in self:
            cnae.display_name = f"{cnae.code} {cnae.name}"
