# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import is_html_empty

STANDARD_CONDITIONS_TEMPLATE = "energy_contract.contract_general_conditions_standard"


class ResCompany(models.Model):
    _inherit = "res.company"

    energy_contract_general_conditions = fields.Html(
        string="Contract General Conditions",
        translate=True,
        sanitize_attributes=False,
        help="General conditions printed on every supply contract of the company, "
        "after the particular conditions. Leave empty to print the standard "
        "conditions shipped with the suite, in the customer's language.",
    )
    energy_contract_renewal_notice_days = fields.Integer(
        string="Renewal Notice (days)",
        default=30,
        help="Days before the end of a contract's term when the customer is told "
        "that it renews (or ends) and its renewal request is opened. Spanish "
        "retail practice: at least one month before, together with any change of "
        "conditions.",
    )

    @api.constrains("energy_contract_renewal_notice_days")
    def _check_energy_contract_renewal_notice_days(self):
        if any(company.energy_contract_renewal_notice_days < 0 for company in self):
            raise ValidationError(
                self.env._("The renewal notice period cannot be negative.")
            )

    def _get_energy_contract_general_conditions(self):
        """The company's own general conditions, or the standard ones rendered
        in the current language."""
        self.ensure_one()
        if not is_html_empty(self.energy_contract_general_conditions):
            return self.energy_contract_general_conditions
        return self.env["ir.qweb"]._render(
            STANDARD_CONDITIONS_TEMPLATE, {"company": self}
        )
