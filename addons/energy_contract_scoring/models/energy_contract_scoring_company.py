# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Thresholds of the contract request scoring."""

    _inherit = "res.company"

    energy_scoring_pass_threshold = fields.Float(
        string="Scoring Pass Threshold",
        default=70.0,
        help="Requests scoring at least this (out of 100) pass.",
    )
    energy_scoring_fail_threshold = fields.Float(
        string="Scoring Fail Threshold",
        default=40.0,
        help="Requests scoring below this (out of 100) fail; in between, they need "
        "a manual review.",
    )

    @api.constrains("energy_scoring_pass_threshold", "energy_scoring_fail_threshold")
    def _check_energy_scoring_thresholds(self):
        for company in self:
            low = company.energy_scoring_fail_threshold
            high = company.energy_scoring_pass_threshold
            if not 0 <= low <= high <= 100:
                raise ValidationError(
                    self.env._(
                        "Scoring thresholds of %(company)s: the fail threshold must "
                        "not exceed the pass threshold, both between 0 and 100.",
                        company=company.name,
                    )
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    energy_scoring_pass_threshold = fields.Float(
        related="company_id.energy_scoring_pass_threshold", readonly=False
    )
    energy_scoring_fail_threshold = fields.Float(
        related="company_id.energy_scoring_fail_threshold", readonly=False
    )
