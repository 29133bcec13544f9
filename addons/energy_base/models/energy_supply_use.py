# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EnergySupplyUse(models.Model):
    """Type of supply as the CNMC codes it (table 62: dwelling, shop, street
    lighting, industrial building...)."""

    _name = "energy.supply.use"
    _description = "Supply Use"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True, size=2)
    name = fields.Char(required=True, translate=True)
    is_domestic = fields.Boolean(
        string="Domestic", help="A home: consumer-protection rules apply."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE (code)", "Two supply uses cannot share a code."),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for use in self:
            use.display_name = f"[{use.code}] {use.name}"
