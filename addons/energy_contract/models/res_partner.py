# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_energy_channel = fields.Boolean(
        string="Is a Sales Channel",
        index=True,
        help="Agency that sells contracts for us. A sub-agency is a channel whose "
        "parent company is another channel.",
    )
    energy_contract_ids = fields.One2many("energy.contract", "partner_id")
