# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The deadlines watchdog: a daily cron reminds the responsible of the cases
whose distributor is late and, after the company's grace period, drafts an R1
claim for the lack of response. A back-office user checks the draft and sends
it; the R1-01 is built with gestionatr and validated against the CNMC XSD."""

import datetime
import re

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import format_date

from ..tools import atr_builder, atr_claim
from .atr_lifecycle import WAITING_STATES

SPAIN_TZ = "Europe/Madrid"
# Cases handled per cron batch; the cron runs again at once while some remain.
WATCHDOG_BATCH = 1000
# The requests the watchdog claims for. A late R1 is only reminded: a claim
# on a claim goes to the CNMC or the regional energy department, not to the
# distributor again.
CLAIMABLE_PROCESSES = ("A3", "B1", "C1", "C2", "E1", "M1")
# Steps the distributor owes whose delay the claim typology covers (table 82):
# the acceptance (02) and the activation (05); answers to our cancellation
# are claimed as "retraso plazo aceptación anulación" whatever their number.
CLAIMABLE_STEPS = ("02", "05")
REMINDER_ACTIVITY_TYPE = "energy_atr.mail_activity_type_atr_overdue"
REE_CODE = re.compile(r"[0-9]{4}")


class EnergyAtrCase(models.Model):
    _inherit = "energy.atr.case"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    days_late = fields.Integer(
        compute="_compute_days_late",
        help="Days since the deadline of the step the distributor owes.",
    )
    claim_origin_ids = fields.One2many(
        "energy.atr.case",
        "claim_case_id",
        string="Claimed Cases",
        readonly=True,
        help="The cases this R1 claims for (the distributor did not answer them "
        "in time).",
    )
    claim_step = fields.Char(
        string="Claimed Step",
        size=2,
        readonly=True,
        copy=False,
        help="The step the distributor owed on the claimed case when the claim "
        "was drafted.",
    )
    claim_subtype = fields.Selection(
        selection="_selection_claim_subtype",
        copy=False,
        help="CNMC claim subtype (table 82) sent in the R1.",
    )
    claim_type = fields.Char(
        size=2,
        compute="_compute_claim_type",
        store=True,
        help="CNMC claim type (table 81) of the subtype.",
    )
    claim_comments = fields.Text(
        copy=False,
        help="Free text sent to the distributor with the claim.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.model
    def _selection_claim_subtype(self):
        return [
            (code, f"{code} - {label.capitalize()}")
            for code, _type, label in atr_claim.subtype_rows()
        ]

    @api.depends("claim_subtype")
    def _compute_claim_type(self):
        for case in self:
            case.claim_type = (
                atr_claim.subtype_type(case.claim_subtype)
                if case.claim_subtype
                else False
            )

    @api.depends("state", "deadline")
    def _compute_days_late(self):
        today = fields.Date.context_today(self)
        for case in self:
            late = (
                case.state in WAITING_STATES and case.deadline and case.deadline < today
            )
            case.days_late = (today - case.deadline).days if late else 0

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    def write(self, vals):
        """A new deadline is a new wait: a reminded case goes back to the
        watchdog and its open reminder is withdrawn. Claims stay as they are."""
        to_reset = self.browse()
        if "deadline" in vals and "watchdog_state" not in vals:
            new_deadline = fields.Date.to_date(vals["deadline"]) or False
            to_reset = self.filtered(
                lambda case: case.watchdog_state == "reminded"
                and case.deadline != new_deadline
            )
        result = super().write(vals)
        if to_reset:
            super(EnergyAtrCase, to_reset).write({"watchdog_state": "none"})
            to_reset.activity_unlink([REMINDER_ACTIVITY_TYPE])
        return result

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_send_claim(self):
        """Send the draft R1 claims: build and validate each R1-01, queue it
        to export and open the claims. All or nothing: one problem refuses the
        whole selection, with every problem listed."""
        self._watchdog_check_claim_access()
        if any(case.process != "R1" or case.state != "draft" for case in self):
            raise UserError(self.env._("Only draft claims (R1) can be sent."))
        Contract = self.env["energy.contract"]
        now = fields.Datetime.now()
        errors = {}
        builds = []
        for claim in self:
            problems = claim._claim_send_problems()
            xml = None
            if not problems:
                xml = atr_claim.build_r1_01(claim._prepare_claim_values(now))
                problems = Contract._atr_xsd_problems(xml)
            if problems:
                errors[claim] = problems
            builds.append((claim, xml))
        if errors:
            raise UserError(self._claim_format_errors(errors))
        self._action_send_claim(builds, now)
        return True

    def action_discard_claim(self):
        """Drop draft claims: the claimed cases keep their reminder and the
        watchdog never drafts another claim for them."""
        self._watchdog_check_claim_access()
        if any(case.process != "R1" or case.state != "draft" for case in self):
            raise UserError(self.env._("Only draft claims (R1) can be discarded."))
        origins = self.claim_origin_ids.filtered(
            lambda case: case.watchdog_state == "claim_drafted"
        )
        self._set_state(
            "cancelled",
            reason=self.env._("Claim discarded by %(user)s.", user=self.env.user.name),
        )
        origins.write({"watchdog_state": "reminded"})
        origins._message_log_batch(
            bodies={
                case.id: escape(
                    self.env._(
                        "Claim %(claim)s discarded by %(user)s.",
                        claim=case.claim_case_id.name,
                        user=self.env.user.name,
                    )
                )
                for case in origins
            }
        )
        return True

    # ------------------------------------------------------------------
    # Watchdog (cron)
    # ------------------------------------------------------------------

    @api.model
    def _cron_watchdog(self):
        # its notes go on shared chatters: in the company's language, not in
        # the cron user's
        lang = self.env.company.partner_id.lang or self.env.lang
        done, remaining = self.with_context(lang=lang)._watchdog_run(
            limit=WATCHDOG_BATCH
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _watchdog_run(self, today=None, limit=None):
        """Remind the responsible of the overdue cases not reminded yet, then
        draft a claim for those past the grace period (once per case).

        :param today: the day to judge from (default: today in Spain)
        :param limit: at most this many cases per kind
        :return: (cases handled, cases left for another run)
        """
        today = today or self._watchdog_today()
        remind_domain = self._watchdog_remind_domain(today)
        to_remind = self.search(remind_domain, limit=limit, order="deadline, id")
        to_remind._watchdog_remind(today)
        claim_domain = self._watchdog_claim_domain(today)
        to_claim = self.search(claim_domain, limit=limit, order="deadline, id")
        to_claim._watchdog_draft_claims(today)
        remaining = 0
        if limit:
            remaining = self.search_count(remind_domain) + self.search_count(
                claim_domain
            )
        return len(to_remind) + len(to_claim), remaining

    @api.model
    def _watchdog_today(self):
        """Today's date in Spain, the calendar of the deadlines."""
        return self.env["energy.atr.deadline"]._to_local_date(fields.Datetime.now())

    @api.model
    def _watchdog_overdue_domain(self, today):
        return [("state", "in", WAITING_STATES), ("deadline", "<", today)]

    @api.model
    def _watchdog_remind_domain(self, today):
        return [*self._watchdog_overdue_domain(today), ("watchdog_state", "=", "none")]

    @api.model
    def _watchdog_claim_domain(self, today):
        """Requests whose deadline passed more than the company's grace period
        ago, on a step the claim typology covers, never claimed for."""
        companies = [
            company
            for [company] in self._read_group(
                self._watchdog_overdue_domain(today), ["company_id"]
            )
        ]
        per_company = expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    (
                        "deadline",
                        "<",
                        today
                        - datetime.timedelta(days=company.energy_atr_claim_grace_days),
                    ),
                ]
                for company in companies
            ]
        )
        return expression.AND(
            [
                self._watchdog_overdue_domain(today),
                [
                    ("role", "=", "requester"),
                    ("process", "in", CLAIMABLE_PROCESSES),
                    ("claim_case_id", "=", False),
                    ("distributor_code", "!=", False),
                ],
                expression.OR(
                    [
                        [("state", "=", "cancel_requested")],
                        [("next_step", "in", CLAIMABLE_STEPS)],
                    ]
                ),
                per_company,
            ]
        )

    def _watchdog_remind(self, today):
        """One reminder activity per case for its responsible, in one batch,
        and a trace on each request's history."""
        if not self:
            return self.env["mail.activity"]
        activity_type = self.env.ref(REMINDER_ACTIVITY_TYPE)
        responsibles = self._watchdog_responsibles()
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": case.id,
                        "activity_type_id": activity_type.id,
                        "automated": True,
                        "user_id": responsibles[case].id,
                        "date_deadline": today,
                        "summary": self.env._(
                            "Distributor late: step %(step)s was due on %(deadline)s",
                            step=case.next_step or "-",
                            deadline=format_date(self.env, case.deadline),
                        ),
                        "note": escape(case._watchdog_late_text()),
                    }
                    for case in self
                ]
            )
        )
        self.write({"watchdog_state": "reminded"})
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": case.contract_id.id,
                    "event_type": "reminder",
                    "new_value": case.name,
                    "reason": case._watchdog_late_text(),
                }
                for case in self
                if case.contract_id
            ]
        )
        return activities

    def _watchdog_draft_claims(self, today):
        """Draft one R1 (state draft, nothing sent) per case, link it and
        trace it on both cases and on the request's history."""
        if not self:
            return self.browse()
        comments = self._watchdog_claim_comments(today)
        vals_list = []
        for case in self:
            claim_type, subtype = atr_claim.late_answer_subtype(
                case.process, case.next_step, case.state == "cancel_requested"
            )
            vals_list.append(
                {
                    "process": "R1",
                    "role": "requester",
                    "state": "draft",
                    "company_id": case.company_id.id,
                    "supply_point_id": case.supply_point_id.id,
                    "cups": case.cups,
                    "distributor_id": case.distributor_id.id,
                    "distributor_code": case.distributor_code,
                    "claim_subtype": subtype,
                    "claim_step": case.next_step,
                    "claim_comments": comments[case],
                }
            )
        claims = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
        ).create(vals_list)
        # Different value per case: the ORM flushes them in one UPDATE.
        for case, claim in zip(self, claims, strict=True):
            case.claim_case_id = claim
        self.write({"watchdog_state": "claim_drafted"})
        self._watchdog_log_drafted_claims(claims)
        return claims

    def _watchdog_log_drafted_claims(self, claims):
        """A note on each claim and on its case, an event on the request's
        history (in bulk)."""
        claims._message_log_batch(
            bodies={
                claim.id: escape(
                    self.env._(
                        "Drafted by the switching watchdog: %(late)s Check it, then "
                        "use Send Claim.",
                        late=case._watchdog_late_text(),
                    )
                )
                for case, claim in zip(self, claims, strict=True)
            }
        )
        self._message_log_batch(
            bodies={
                case.id: escape(
                    self.env._(
                        "Claim %(claim)s drafted for the lack of response; it "
                        "waits for a user to send it.",
                        claim=claim.name,
                    )
                )
                for case, claim in zip(self, claims, strict=True)
            }
        )
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": case.contract_id.id,
                    "event_type": "atr_message",
                    "new_value": "R1-01",
                    "reason": self.env._(
                        "Claim R1 %(claim)s drafted (not sent yet): %(late)s",
                        claim=claim.name,
                        late=case._watchdog_late_text(),
                    ),
                }
                for case, claim in zip(self, claims, strict=True)
                if case.contract_id
            ]
        )

    def _watchdog_responsibles(self):
        """{case: user} who gets the reminder: the request's responsible, else
        the owner of its phase, else an energy manager of the company (the
        administrator when there is none)."""
        fallback = {}
        result = {}
        for case in self:
            contract = case.contract_id
            user = next(
                (
                    user
                    for user in (contract.user_id, contract.phase_owner_user_id)
                    if user and user.active and not user.share
                ),
                None,
            )
            if not user:
                if case.company_id not in fallback:
                    fallback[case.company_id] = self._watchdog_fallback_user(
                        case.company_id
                    )
                user = fallback[case.company_id]
            result[case] = user
        return result

    @api.model
    def _watchdog_fallback_user(self, company):
        manager = self.env["res.users"].search(
            [
                (
                    "groups_id",
                    "in",
                    self.env.ref("energy_base.group_energy_manager").id,
                ),
                ("company_ids", "in", company.id),
                ("share", "=", False),
            ],
            order="id",
            limit=1,
        )
        return (
            manager
            or self.env.ref("base.user_admin", raise_if_not_found=False)
            or self.env.user
        )

    def _watchdog_late_text(self):
        """One translated line: who is late with what."""
        self.ensure_one()
        return self.env._(
            "%(distributor)s has not sent step %(step)s of %(process)s request "
            "%(code)s (CUPS %(cups)s), due on %(deadline)s.",
            distributor=self.distributor_id.display_name or self.distributor_code,
            step=self.next_step or "-",
            process=self.process,
            code=self.name,
            cups=self.cups or "-",
            deadline=format_date(self.env, self.deadline),
        )

    def _watchdog_claim_comments(self, today):
        """{case: text of the claim} in the company's language (the claim goes
        to a Spanish distributor)."""
        texts = {}
        for lang, cases in self.grouped(
            lambda case: case.company_id.partner_id.lang or self.env.lang
        ).items():
            env = self.with_context(lang=lang).env
            for case in cases:
                texts[case] = env._(
                    "The distributor has not sent step %(step)s of request %(code)s "
                    "(%(process)s, CUPS %(cups)s), due on %(deadline)s: %(days)s days "
                    "late. We ask for the request to be answered without further "
                    "delay.",
                    step=case.next_step,
                    code=case.name,
                    process=case.process,
                    cups=case.cups or "-",
                    deadline=case.deadline.isoformat(),
                    days=(today - case.deadline).days,
                )
        return texts

    # ------------------------------------------------------------------
    # Sending a claim
    # ------------------------------------------------------------------

    def _watchdog_check_claim_access(self):
        if self.env.su or self.env.user.has_group(
            "energy_base.group_energy_backoffice"
        ):
            return
        raise AccessError(
            self.env._("Only the back-office can send claims to the distributors.")
        )

    def _claim_send_problems(self):
        """Translated problems that prevent sending this claim."""
        self.ensure_one()
        problems = []
        if not REE_CODE.fullmatch(self.company_id.energy_ree_code or ""):
            problems.append(
                self.env._(
                    "Our REE code: company %(company)s needs its 4-digit REE code.",
                    company=self.company_id.display_name,
                )
            )
        if not REE_CODE.fullmatch(self.distributor_code or ""):
            problems.append(
                self.env._(
                    "Distributor REE code: the claim needs the distributor's "
                    "4-digit code."
                )
            )
        if not self.cups:
            problems.append(
                self.env._("CUPS: the claim needs the CUPS of the supply point.")
            )
        if not self.claim_subtype:
            problems.append(
                self.env._("Claim subtype: choose the CNMC subtype of the claim.")
            )
        for origin in self.claim_origin_ids:
            still_late = (
                origin.state in WAITING_STATES
                and origin.next_step == self.claim_step
                and origin.deadline
                and origin.deadline < self._watchdog_today()
            )
            if not still_late:
                problems.append(
                    self.env._(
                        "Claimed case %(case)s: the distributor has answered or the "
                        "deadline moved since the claim was drafted; discard the "
                        "claim.",
                        case=origin.name,
                    )
                )
        return problems

    def _claim_cups(self):
        """The CUPS as our request sent it (22 characters when it had the
        measure-point suffix), else the case's."""
        first = self.claim_origin_ids.atr_message_ids.filtered(
            lambda message: message.direction == "out" and message.step == "01"
        )[:1]
        return first.cups or self.cups

    def _prepare_claim_values(self, now):
        """Plain values of the R1-01 for ``atr_claim.build_r1_01``."""
        self.ensure_one()
        company = self.company_id
        origin = self.claim_origin_ids[:1]
        local_now = fields.Datetime.context_timestamp(
            self.with_context(tz=SPAIN_TZ), now
        ).replace(tzinfo=None)
        values = {
            "header": {
                "sender": company.energy_ree_code,
                "receiver": self.distributor_code,
                "process": "R1",
                "step": "01",
                "request_code": self.name,
                "sequence": "01",
                "date": local_now,
                "cups": self._claim_cups(),
            },
            "claim": {
                "type": self.claim_type,
                "subtype": self.claim_subtype,
                "request_code_ref": origin.name or None,
                "previous_claim_code": origin.name
                if self.claim_subtype in atr_claim.NEEDS_PREVIOUS_CODE
                else None,
                "comments": self.claim_comments,
            },
        }
        identity = atr_builder.client_identity(company.vat)
        if identity:
            values["claimant"] = {
                "id_type": identity[0],
                "id": identity[1],
                "company_name": company.name,
                "email": company.email or None,
            }
        return values

    def _action_send_claim(self, builds, now):
        """Open the claims with their R1-01 (to send), mark the claimed cases
        and trace it. ``builds``: [(claim, xml)]. Extension point."""
        self._set_state(
            "open",
            {"step": "01", "date_opened": now, "date_last_message": now},
            self.env._("R1-01 built, validated and queued to send."),
        )
        self._set_next_deadline(start=now)
        messages = self.env["energy.atr.message"]._create_outgoing(
            [{"case_id": claim.id, "xml": xml} for claim, xml in builds]
        )
        message_of = {message.case_id: message for message in messages}
        origins = self.claim_origin_ids
        origins.write({"watchdog_state": "claim_sent"})
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": origin.contract_id.id,
                    "event_type": "atr_message",
                    "new_value": "R1-01",
                    "reason": self.env._(
                        "Claim R1 %(claim)s to %(distributor)s for the lack of "
                        "response on %(case)s, to send.",
                        claim=origin.claim_case_id.name,
                        distributor=origin.distributor_id.display_name
                        or origin.distributor_code,
                        case=origin.name,
                    ),
                    "attachment_ids": message_of[
                        origin.claim_case_id
                    ].attachment_id.ids,
                }
                for origin in origins
                if origin.contract_id
            ]
        )
        self._message_log_batch(
            bodies={
                claim.id: escape(
                    self.env._(
                        "Claim confirmed by %(user)s: R1-01 %(file)s queued to send.",
                        user=self.env.user.name,
                        file=message_of[claim].file_name,
                    )
                )
                for claim in self
            }
        )
        origins._message_log_batch(
            bodies={
                origin.id: escape(
                    self.env._(
                        "Claim %(claim)s sent to the distributor (R1-01 queued to "
                        "send).",
                        claim=origin.claim_case_id.name,
                    )
                )
                for origin in origins
            }
        )
        return messages

    @api.model
    def _claim_format_errors(self, errors):
        blocks = [
            "\n".join(
                [
                    self.env._("%(claim)s:", claim=claim.name),
                    *[f"- {line}" for line in problems],
                ]
            )
            for claim, problems in errors.items()
        ]
        return "\n\n".join([self.env._("The claims could not be sent:"), *blocks])
