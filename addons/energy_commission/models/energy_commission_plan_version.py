# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EnergyCommissionPlanVersion(models.Model):
    """The rules of a plan from one date to another: a contract is paid by
    the version in force on its activation date."""

    _name = "energy.commission.plan.version"
    _description = "Commission Plan Version"
    _order = "plan_id, date_from desc"
    _rec_name = "date_from"

    plan_id = fields.Many2one(
        "energy.commission.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    date_from = fields.Date(string="Valid From", required=True)
    date_to = fields.Date(string="Valid Until")
    rule_ids = fields.One2many(
        "energy.commission.rule", "version_id", string="Rules", copy=True
    )

    @api.depends("plan_id.name", "date_from", "date_to")
    def _compute_display_name(self):
        for version in self:
            version.display_name = self.env._(
                "%(plan)s from %(start)s",
                plan=version.plan_id.name or "",
                start=version.date_from or "",
            )

    @api.constrains("date_from", "date_to", "plan_id")
    def _check_dates(self):
        for version in self:
            if version.date_to and version.date_to < version.date_from:
                raise ValidationError(
                    self.env._("A plan version cannot end before it starts.")
                )
            for other in version.plan_id.version_ids - version:
                if (not other.date_to or version.date_from <= other.date_to) and (
                    not version.date_to or other.date_from <= version.date_to
                ):
                    raise ValidationError(
                        self.env._(
                            "The versions of plan %(plan)s overlap: one contract "
                            "must be paid by one version.",
                            plan=version.plan_id.name,
                        )
                    )
