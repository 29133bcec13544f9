# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EnergyClaimClaimantType(models.Model):
    """A CNMC Claimant Type (table 83), loaded from gestionatr by
    `energy.claim.type._load_cnmc_typology`."""

    _name = "energy.claim.claimant.type"
    _description = "CNMC Claimant Type"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, size=2, index=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "UNIQUE (code)", "The code must be unique.")]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.code} - {record.name}"
