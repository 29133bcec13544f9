# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError

from .claim_common import ClaimCase


class TestClaimSurvey(ClaimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Reclamaciones", "user_id": cls.supervisor.id}
        )
        cls.csat = cls.env.ref("energy_claim.survey_claim_question_csat")
        cls.solved = cls.env.ref("energy_claim.survey_claim_question_solved")
        cls.comment = cls.env.ref("energy_claim.survey_claim_question_comment")

    def _resolved_claim(self):
        claim = self._claim_form("103", team_id=self.team)
        claim.with_user(self.agent).write(self._resolution_values())
        claim.with_user(self.agent).action_claim_resolve()
        return claim

    def _answers(self, claim):
        return (
            self.env["survey.user_input"]
            .sudo()
            .search([("claim_ticket_id", "=", claim.id)])
        )

    def _answer(self, claim, score, solved, comment=""):
        answer = self._answers(claim)
        choice = self.solved.suggested_answer_ids.filtered(lambda a: a.value == solved)
        answer._save_lines(self.csat, score)
        answer._save_lines(self.solved, choice.id)
        if comment:
            answer._save_lines(self.comment, comment)
        answer._mark_done()
        return answer

    def test_survey_sent_once_with_token_link(self):
        claim = self._resolved_claim()
        answer = self._answers(claim)
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.partner_id, self.customer)
        self.assertEqual(answer.state, "new")
        self.assertTrue(claim.survey_sent)
        invitation = claim.message_ids.filtered(
            lambda m: answer.access_token in (m.body or "")
        )
        self.assertEqual(len(invitation), 1)
        self.assertIn(self.customer, invitation.partner_ids)
        # reopened and resolved again: no second survey
        claim.with_user(self.agent).action_claim_reopen()
        claim.with_user(self.agent).action_claim_resolve()
        self.assertEqual(self._answers(claim), answer)
        self.assertEqual(
            len(
                claim.message_ids.filtered(lambda m: "/survey/start/" in (m.body or ""))
            ),
            1,
        )

    def test_low_score_written_on_claim_and_followed_up_by_team_lead(self):
        claim = self._resolved_claim()
        self._answer(claim, 1, "No", "Sigo sin la factura rectificativa.")
        self.assertEqual(claim.csat_score, 1)
        self.assertEqual(claim.survey_problem_solved, "no")
        self.assertEqual(claim.survey_comment, "Sigo sin la factura rectificativa.")
        follow_up = claim.activity_ids.filtered(
            lambda a: a.user_id == self.supervisor and "Unhappy" in a.summary
        )
        self.assertEqual(len(follow_up), 1)
        self.assertIn("survey", claim.event_ids.mapped("event_type"))
        broken, __ = claim._verify_history()[claim]
        self.assertFalse(broken)

    def test_good_score_needs_no_follow_up(self):
        claim = self._resolved_claim()
        self._answer(claim, 5, "Yes")
        self.assertEqual(claim.csat_score, 5)
        self.assertEqual(claim.survey_problem_solved, "yes")
        self.assertFalse(
            claim.activity_ids.filtered(lambda a: "Unhappy" in (a.summary or ""))
        )

    def test_nobody_writes_the_customers_score(self):
        """Not an agent, not with any context key, not the superuser: only
        the survey answer writes the score."""
        claim = self._resolved_claim()
        for env_claim in (
            claim.with_user(self.agent).with_context(
                energy_guard_released=True, install_mode=True
            ),
            claim.sudo(),
        ):
            with self.assertRaises(UserError):
                env_claim.write({"csat_score": 5})
        self.assertFalse(claim.csat_score)

    def test_satisfaction_report_by_team_agent_subtype_and_channel(self):
        claim = self._resolved_claim()
        claim.with_user(self.supervisor).user_id = self.agent
        self._answer(claim, 4, "Yes")
        groups = self.Ticket.with_user(self.supervisor)._read_group(
            [("csat_score", ">", 0), ("id", "=", claim.id)],
            ["team_id", "user_id", "claim_subtype_id", "sales_channel_id"],
            ["csat_score:avg", "__count"],
        )
        self.assertEqual(
            groups,
            [
                (
                    self.team,
                    self.agent,
                    claim.claim_subtype_id,
                    claim.sales_channel_id,
                    4.0,
                    1,
                )
            ],
        )
