# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.energy_contract.models.lifecycle import CLOSED_STATES

from .energy_contract_scoring_provider import InternalRulesProvider

VALIDATION_GROUP = "energy_base.group_energy_validation"


class EnergyContract(models.Model):
    """Scoring of a request: run by validation, kept as evidence, checked on
    the exit of the phases that require it."""

    _inherit = "energy.contract"

    customer_founded_date = fields.Date(
        string="Company Founded On",
        help="When the customer company was founded (deed, company registry). The "
        "company age scoring rule uses it; leave empty when unknown.",
    )
    scoring_ids = fields.One2many(
        "energy.contract.scoring", "contract_id", string="Scorings", readonly=True
    )
    scoring_id = fields.Many2one(
        "energy.contract.scoring",
        string="Latest Scoring",
        compute="_compute_scoring_id",
        store=True,
        index="btree_not_null",
    )
    scoring_outcome = fields.Selection(
        string="Scoring",
        related="scoring_id.outcome",
        store=True,
        index=True,
    )
    scoring_score = fields.Float(
        string="Score", related="scoring_id.score", digits=(16, 1)
    )

    @api.depends("scoring_ids")
    def _compute_scoring_id(self):
        for contract in self:
            contract.scoring_id = contract.scoring_ids.sorted("id")[-1:]

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_run_scoring(self):
        """Score the requests now (validation), keeping the result as evidence."""
        if not (self.env.su or self.env.user.has_group(VALIDATION_GROUP)):
            raise AccessError(self.env._("Only the validation team runs the scoring."))
        self.check_access("write")
        closed = self.filtered(lambda c: c.state in CLOSED_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "%(name)s is closed: it is no longer scored.", name=closed[0].name
                )
            )
        self._run_scoring()
        return True

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------

    def _get_scoring_providers(self):
        """Callables that score a batch of requests (see
        energy_contract_scoring_provider). Extend to add external services."""
        return [InternalRulesProvider(self.env)]

    def _get_phase_exit_errors(self, new_state):
        errors = super()._get_phase_exit_errors(new_state)
        if self.phase_governance_id.check_scoring and self._is_forward_move(new_state):
            errors += self._get_scoring_exit_errors()
        return errors

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_scoring_exit_errors(self, ignore_exceptions=False):
        """Why the scoring keeps the request in its phase: not run, manual
        review or fail, unless an approved exception lets it pass."""
        self.ensure_one()
        scoring = self.scoring_id
        if scoring.outcome == "pass":
            return []
        if not ignore_exceptions and self._has_approved_exception("scoring"):
            return []
        if not scoring:
            return [self.env._("the scoring has not been run")]
        if scoring.outcome == "manual":
            return [
                self.env._(
                    "the scoring needs a manual review (score %(score)s)",
                    score=scoring.score,
                )
            ]
        return [self.env._("the scoring failed (score %(score)s)", score=scoring.score)]

    def _run_scoring(self, providers=None):
        """Score the batch with `providers` (default: _get_scoring_providers),
        store one result per request with its criteria and a JSON evidence
        file, and log it in the history. Returns the results."""
        if not self:
            return self.env["energy.contract.scoring"]
        providers = (
            providers if providers is not None else self._get_scoring_providers()
        )
        lines_by_contract = defaultdict(list)
        for provider in providers:
            for contract_id, lines in provider(self).items():
                for line in lines:
                    lines_by_contract[contract_id].append(
                        {"provider": provider.name, **line}
                    )
        Scoring = self.env["energy.contract.scoring"]
        now = fields.Datetime.now()
        vals_list = []
        for contract in self:
            lines = lines_by_contract[contract.id]
            points = sum(line["points"] for line in lines)
            points_max = sum(line["points_max"] for line in lines)
            knocked_out = any(
                line.get("knockout") and line["status"] == "failed" for line in lines
            )
            score, outcome = Scoring._get_outcome(
                points, points_max, knocked_out, contract.company_id
            )
            vals_list.append(
                {
                    "contract_id": contract.id,
                    "date": now,
                    "score": score,
                    "points": points,
                    "points_max": points_max,
                    "outcome": outcome,
                    "providers": ", ".join(p.name for p in providers),
                    "line_ids": [Command.create(line) for line in lines],
                }
            )
        attachments = self._create_scoring_evidence(now, vals_list, lines_by_contract)
        for vals, attachment in zip(vals_list, attachments, strict=True):
            vals["evidence_attachment_id"] = attachment.id
        scorings = Scoring.create(vals_list)
        scorings._log_scoring_events()
        return scorings

    def _create_scoring_evidence(self, now, vals_list, lines_by_contract):
        """One JSON evidence file per request of the batch, with the result
        and every criterion as the providers returned it."""
        return self.env["ir.attachment"].create(
            [
                {
                    "name": f"scoring-{contract.name.replace('/', '-')}-"
                    f"{fields.Datetime.to_string(now).replace(' ', 'T')}.json",
                    "mimetype": "application/json",
                    "res_model": self._name,
                    "res_id": contract.id,
                    "raw": json.dumps(
                        {
                            "request": contract.name,
                            "date": fields.Datetime.to_string(now),
                            "user": self.env.user.login,
                            **{k: v for k, v in vals.items() if k != "line_ids"},
                            "criteria": lines_by_contract[contract.id],
                        },
                        ensure_ascii=False,
                        indent=1,
                        default=str,
                    ).encode(),
                }
                for contract, vals in zip(self, vals_list, strict=True)
            ]
        )
