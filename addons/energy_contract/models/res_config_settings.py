# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .res_company import STANDARD_CONDITIONS_TEMPLATE


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    energy_contract_general_conditions = fields.Html(
        related="company_id.energy_contract_general_conditions",
        readonly=False,
    )
    energy_contract_renewal_notice_days = fields.Integer(
        related="company_id.energy_contract_renewal_notice_days",
        readonly=False,
    )

    def action_energy_load_standard_conditions(self):
        """Start the company's general conditions from the standard text, in
        the user's language, so that managers edit rather than write them."""
        self.ensure_one()
        company = self.company_id
        company.energy_contract_general_conditions = self.env["ir.qweb"]._render(
            STANDARD_CONDITIONS_TEMPLATE, {"company": company}
        )
        return {"type": "ir.actions.client", "tag": "reload"}
