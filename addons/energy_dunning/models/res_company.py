# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    energy_plan_max_instalments = fields.Integer(
        string="Payment Plan Maximum Instalments",
        default=12,
        help="Most monthly instalments a payment plan may have, whether "
        "collections propose it or the customer requests it on the portal.",
    )
    energy_plan_grace_days = fields.Integer(
        string="Payment Plan Grace Days",
        default=5,
        help="Days after an instalment's due date before the unpaid instalment "
        "breaks the plan and the dunning procedure resumes.",
    )

    @api.constrains("energy_plan_max_instalments", "energy_plan_grace_days")
    def _check_energy_plan_settings(self):
        for company in self:
            if company.energy_plan_max_instalments < 1:
                raise ValidationError(
                    self.env._("A payment plan allows at least one instalment.")
                )
            if company.energy_plan_grace_days < 0:
                raise ValidationError(
                    self.env._("The grace days of a payment plan cannot be negative.")
                )
