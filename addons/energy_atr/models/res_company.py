# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    energy_atr_claim_grace_days = fields.Integer(
        string="Claim Grace Period (days)",
        default=5,
        help="Natural days after a switching deadline before the watchdog drafts "
        "an R1 claim to the distributor for the lack of response. The reminder "
        "to the case's responsible goes out the day after the deadline.",
    )

    @api.constrains("energy_atr_claim_grace_days")
    def _check_energy_atr_claim_grace_days(self):
        for company in self:
            if company.energy_atr_claim_grace_days < 0:
                raise ValidationError(
                    self.env._("The claim grace period cannot be negative.")
                )
