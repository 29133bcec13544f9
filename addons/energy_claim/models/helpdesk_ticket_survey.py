# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction survey of a resolved claim: sent once, by e-mail with a
token link; the answer is written onto the claim and a low score opens a
follow-up activity for the team lead."""

from odoo import api, fields, models
from odoo.tools import html2plaintext

# A CSAT score at or below this one (out of 5) asks the team lead to follow up.
LOW_CSAT = 2
SOLVED = [("yes", "Yes"), ("no", "No")]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    survey_input_id = fields.Many2one(
        "survey.user_input",
        string="Satisfaction Survey",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    survey_sent = fields.Boolean(
        readonly=True,
        copy=False,
        help="The satisfaction survey was sent (once per claim, even if it is "
        "reopened and resolved again).",
    )
    csat_score = fields.Integer(
        string="CSAT",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's satisfaction, 1 (very dissatisfied) to 5 (very "
        "satisfied), from the survey.",
    )
    survey_problem_solved = fields.Selection(
        SOLVED,
        string="Problem Solved (Customer)",
        readonly=True,
        copy=False,
        help="The customer's own answer to: was your problem solved?",
    )
    survey_comment = fields.Text(string="Customer Comment", readonly=True, copy=False)
    survey_url = fields.Char(
        compute="_compute_survey_url",
        compute_sudo=True,
        help="Technical: the customer's personal link to the survey.",
    )

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {
            "survey_input_id",
            "survey_sent",
            "csat_score",
            "survey_problem_solved",
            "survey_comment",
        }

    @api.depends("survey_input_id")
    def _compute_survey_url(self):
        for claim in self:
            answer = claim.survey_input_id
            claim.survey_url = (
                claim.get_base_url() + answer.get_start_url() if answer else False
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _send_satisfaction_survey(self):
        """Invite each claim's customer (with an e-mail) to the survey, once
        per claim: one token answer linked to the claim and an e-mail."""
        # the survey is the survey team's record: customer service invites
        # to it through this method only
        survey = self.env.ref(
            "energy_claim.survey_claim_satisfaction", raise_if_not_found=False
        )
        survey = survey and survey.sudo()
        template = self.env.ref(
            "energy_claim.mail_template_claim_survey", raise_if_not_found=False
        )
        claims = self.filtered(lambda c: not c.survey_sent and c.partner_id.email)
        if not (survey and survey.active and template and claims):
            return
        for claim in claims:
            answer = survey._create_answer(
                partner=claim.partner_id,
                check_attempts=False,
                claim_ticket_id=claim.id,
            )
            claim._write_guarded({"survey_input_id": answer.id, "survey_sent": True})
            claim.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=claim.partner_id.ids,
            )

    def _on_satisfaction_answered(self, answers):
        """Write the customer's answers onto their claims; a low score gives
        the team lead a follow-up activity."""
        csat = self.env.ref("energy_claim.survey_claim_question_csat")
        solved = self.env.ref("energy_claim.survey_claim_question_solved")
        comment = self.env.ref("energy_claim.survey_claim_question_comment")
        yes = self.env.ref("energy_claim.survey_claim_answer_solved_yes")
        for answer in answers:
            claim = answer.claim_ticket_id
            lines = answer.user_input_line_ids
            score = lines.filtered(lambda line: line.question_id == csat)[:1]
            choice = lines.filtered(lambda line: line.question_id == solved)[:1]
            text = lines.filtered(lambda line: line.question_id == comment)[:1]
            values = {
                "csat_score": score.value_scale or 0,
                "survey_problem_solved": choice.suggested_answer_id
                and ("yes" if choice.suggested_answer_id == yes else "no"),
                "survey_comment": text.value_text_box or False,
            }
            claim._write_guarded(values)
            claim._history_log(
                [
                    {
                        "event_type": "survey",
                        "field_name": "csat_score",
                        "new_value": str(values["csat_score"]),
                        "reason": self.env._(
                            "Satisfaction survey answered: %(score)s/5, problem "
                            "solved: %(solved)s.",
                            score=values["csat_score"],
                            solved=values["survey_problem_solved"] or "-",
                        ),
                    }
                ]
            )
            if values["csat_score"] and values["csat_score"] <= LOW_CSAT:
                claim._schedule_low_csat_follow_up()

    def _schedule_low_csat_follow_up(self):
        self.ensure_one()
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Unhappy customer: follow up the claim"),
            note=self.env._(
                "The customer rated claim %(claim)s %(score)s/5. %(comment)s",
                claim=self.display_name,
                score=self.csat_score,
                comment=html2plaintext(self.survey_comment or ""),
            ),
            user_id=self._claim_supervisor().id,
        )
