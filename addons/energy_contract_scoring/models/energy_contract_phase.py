# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EnergyContractPhase(models.Model):
    _inherit = "energy.contract.phase"

    check_scoring = fields.Boolean(
        string="Exit Requires Scoring",
        help="A request leaves the phase only with a passing scoring (or an "
        "approved exception).",
    )
