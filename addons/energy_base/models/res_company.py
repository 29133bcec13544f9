# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    energy_ree_code = fields.Char(
        string="REE Code",
        size=4,
        help="Four-digit code that identifies the company as a market participant "
        "(retailer) in the CNMC switching messages (CodigoREEEmpresaEmisora).",
    )
    energy_cnmc_code = fields.Char(
        string="CNMC Retailer Code",
        help="Registration code of the retailer at the CNMC (R2-xxx).",
    )

    @api.constrains("energy_ree_code")
    def _check_energy_ree_code(self):
        for company in self.filtered("energy_ree_code"):
            if not re.fullmatch(r"\d{4}", company.energy_ree_code):
                raise ValidationError(
                    self.env._(
                        "The REE code of %(company)s must be exactly four digits, "
                        "not '%(code)s'.",
                        company=company.name,
                        code=company.energy_ree_code,
                    )
                )
