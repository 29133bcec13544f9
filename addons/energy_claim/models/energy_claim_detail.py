# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EnergyClaimDetail(models.Model):
    """A CNMC result detail code (table 73, 7 digits: subtype, result and
    sequence), loaded from gestionatr with its subtype and result."""

    _name = "energy.claim.detail"
    _description = "CNMC Claim Result Detail"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, size=7, index=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    subtype_id = fields.Many2one("energy.claim.subtype", index=True, readonly=True)
    result_id = fields.Many2one("energy.claim.result", index=True, readonly=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "UNIQUE (code)", "The code must be unique.")]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.code} - {record.name}"
