# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

SCORING_OUTCOMES = [
    ("pass", "Pass"),
    ("manual", "Manual review"),
    ("fail", "Fail"),
]


class EnergyContractScoring(models.Model):
    """One scoring of a request: the total, the outcome and, line by line,
    the input each criterion looked at and the points it gave. Kept as
    evidence: never edited nor deleted; running the scoring again adds a new
    result and the request looks at its latest one."""

    _name = "energy.contract.scoring"
    _description = "Contract Request Scoring"
    _order = "date desc, id desc"
    _rec_name = "contract_id"

    contract_id = fields.Many2one(
        "energy.contract",
        string="Request",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Run By",
        required=True,
        readonly=True,
        default=lambda self: self.env.uid,
    )
    score = fields.Float(
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Points obtained over the points at stake in the criteria that could "
        "be evaluated, out of 100.",
    )
    points = fields.Float(digits=(16, 2), readonly=True)
    points_max = fields.Float(string="Points at Stake", digits=(16, 2), readonly=True)
    outcome = fields.Selection(
        SCORING_OUTCOMES, required=True, readonly=True, index=True
    )
    providers = fields.Char(readonly=True, help="Who scored: internal rules, services.")
    line_ids = fields.One2many(
        "energy.contract.scoring.line", "scoring_id", string="Criteria", readonly=True
    )
    evidence_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Evidence File",
        readonly=True,
        help="The inputs and points of every criterion, as JSON.",
    )

    def write(self, vals):
        if vals:
            raise UserError(
                self.env._("A scoring result cannot be changed; run it again.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Scoring results are kept as evidence."))

    @api.model
    def _get_outcome(self, points, points_max, knocked_out, company):
        """(score, outcome) for a total, against the company's thresholds."""
        score = round(100.0 * points / points_max, 1) if points_max else 0.0
        if knocked_out:
            return score, "fail"
        if not points_max:
            return score, "manual"
        if score >= company.energy_scoring_pass_threshold:
            return score, "pass"
        if score < company.energy_scoring_fail_threshold:
            return score, "fail"
        return score, "manual"

    def _log_scoring_events(self):
        """One "scoring" event per result in its request's history, with the
        evidence file."""
        labels = dict(self._fields["outcome"]._description_selection(self.env))
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": scoring.contract_id.id,
                    "event_type": "scoring",
                    "field_name": scoring.providers,
                    "new_value": scoring.outcome,
                    "reason": self.env._(
                        "Score %(score)s/100 (%(points)s of %(points_max)s points): "
                        "%(outcome)s",
                        score=scoring.score,
                        points=scoring.points,
                        points_max=scoring.points_max,
                        outcome=labels[scoring.outcome],
                    ),
                    "attachment_ids": scoring.evidence_attachment_id.ids,
                }
                for scoring in self
            ]
        )
