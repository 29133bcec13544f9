# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EnergyContractRequestType(models.Model):
    """The request types as records, so that rules (documents and others) can
    name several of them in an editable many2many. One record per value of
    the request's type selection; the values are shipped as data."""

    _name = "energy.contract.request.type"
    _description = "Contract Request Type"
    _order = "sequence, id"

    code = fields.Selection(
        selection="_selection_code",
        required=True,
        help="The request type this record stands for.",
    )
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE (code)", "Each request type is listed once."),
    ]

    @api.model
    def _selection_code(self):
        return self.env["energy.contract"]._fields["request_type"].selection
