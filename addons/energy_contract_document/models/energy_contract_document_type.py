# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyContractDocumentType(models.Model):
    """A kind of document a request may need (ID card, deed, last invoice,
    installation certificate...). Managers keep the catalogue; the document
    rules say when each one is required."""

    _name = "energy.contract.document.type"
    _description = "Contract Request Document Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short stable code, used in the history and by integrations.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True,
        help="What the customer must send; quoted in the reminders.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE (code)", "The code of a document type must be unique."),
    ]
