# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class EnergyContractScoringLine(models.Model):
    """One criterion of a scoring result: what it looked at and what it gave."""

    _name = "energy.contract.scoring.line"
    _description = "Contract Request Scoring Criterion"
    _order = "scoring_id, id"

    scoring_id = fields.Many2one(
        "energy.contract.scoring",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="scoring_id.company_id", store=True, index=True
    )
    rule_id = fields.Many2one(
        "energy.contract.scoring.rule",
        ondelete="set null",
        readonly=True,
    )
    name = fields.Char(string="Criterion", required=True, readonly=True)
    code = fields.Char(readonly=True, help="Kind of criterion, e.g. debts.")
    provider = fields.Char(readonly=True)
    status = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed"), ("skipped", "Skipped")],
        required=True,
        readonly=True,
    )
    input_value = fields.Char(string="Input", readonly=True)
    points = fields.Float(digits=(16, 2), readonly=True)
    points_max = fields.Float(string="Points at Stake", digits=(16, 2), readonly=True)
    knockout = fields.Boolean(string="Knock-out", readonly=True)

    def write(self, vals):
        if vals:
            raise UserError(
                self.env._("A scoring result cannot be changed; run it again.")
            )
        return super().write(vals)
