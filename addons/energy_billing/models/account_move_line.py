# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

LINE_KINDS = [
    ("power", "Power term"),
    ("energy", "Energy term"),
    ("fee", "Service fee"),
    ("rental", "Meter rental"),
    ("electricity_tax", "Electricity tax"),
]


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    energy_line_kind = fields.Selection(
        LINE_KINDS,
        string="Electricity Bill Line",
        readonly=True,
        help="Which term of the electricity bill the line is.",
    )
