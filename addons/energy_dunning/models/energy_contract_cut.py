# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import json

from odoo import fields, models

from odoo.addons.energy_atr.models.atr_lifecycle import WAITING_STATES
from odoo.addons.energy_atr.models.energy_atr_deadline import spain_national_holidays

# The rules a cut request must pass, in the order they are evaluated.
GUARDS = (
    "contract_active",
    "legal_period",
    "essential",
    "electro_dependent",
    "open_claim",
    "payment_plan",
    "switch",
    "calendar",
)
# ATR processes that are a switch of the supply in progress.
SWITCH_PROCESSES = ("A3", "C1", "C2")
UNPAID = ("not_paid", "partial")
# Phases of a cut request that the distributor has not executed yet.
CUT_PENDING = ("submitted", "accepted", "incident")
# Distributor rejections of a cut (CNMC table 27) that reveal a protected
# supply, and those that say the supply is already cut.
ESSENTIAL_REJECTIONS = ("32",)
ALREADY_CUT_REJECTIONS = ("12", "35")
# Hours within which a supply cut for non-payment is reconnected once paid.
RECONNECTION_HOURS = 24


class EnergyContract(models.Model):
    """The law as guards of a cut request: every rule is evaluated with its
    value, the evaluation goes to the contract's hash-chained history, and a
    B1 with motivo 03 is built through the switching addon only when every
    rule passes. The guards read facts only: no context key relaxes them."""

    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _dunning_guard_labels(self):
        return {
            "contract_active": self.env._("Contract in force"),
            "legal_period": self.env._("Legal period since the served requerimiento"),
            "essential": self.env._("Essential supply"),
            "electro_dependent": self.env._("Electro-dependent consumer"),
            "open_claim": self.env._("Open claim about the invoices"),
            "payment_plan": self.env._("Payment plan being honoured"),
            "switch": self.env._("Switch in progress"),
            "calendar": self.env._("Permitted cut day"),
        }

    def _dunning_cut_checks(self, planned_date):
        """[(rule, passed, value, translated message)] of every guard."""
        self.ensure_one()
        contract = self.sudo()
        return [
            (rule, *getattr(contract, f"_dunning_guard_{rule}")(planned_date))
            for rule in GUARDS
        ]

    def _dunning_unpaid_invoices(self):
        return (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("energy_contract_id", "=", self.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", UNPAID),
                ]
            )
        )

    def _dunning_guard_contract_active(self, planned_date):
        passed = self.state == "active"
        return (
            passed,
            self.state,
            "" if passed else self.env._("The contract is not in force."),
        )

    def _dunning_guard_legal_period(self, planned_date):
        lines = (
            self.env["credit.control.line"]
            .sudo()
            .search(
                [
                    ("energy_contract_id", "=", self.id),
                    ("energy_notice_kind", "=", "requerimiento"),
                    ("energy_date_served", "!=", False),
                    ("state", "in", ("queued", "sent")),
                    ("invoice_id", "in", self._dunning_unpaid_invoices().ids),
                ],
                order="energy_date_cut_allowed, id",
            )
        )
        if not lines:
            return (
                False,
                False,
                self.env._(
                    "No requerimiento fehaciente about the unpaid invoices has "
                    "been served."
                ),
            )
        first = lines[0]
        allowed = first.energy_date_cut_allowed
        value = f"{first.energy_date_served}→{allowed}"
        if planned_date < allowed:
            return (
                False,
                value,
                self.env._(
                    "The requerimiento was served on %(served)s: the supply "
                    "cannot be cut before %(allowed)s (%(months)s months).",
                    served=first.energy_date_served,
                    allowed=allowed,
                    months=first.policy_id.energy_cut_wait_months,
                ),
            )
        return True, value, ""

    def _dunning_guard_essential(self, planned_date):
        point = self.supply_point_id
        if point.is_essential_supply:
            return (
                False,
                point.essential_category or True,
                self.env._(
                    "The supply point %(cups)s is an essential supply (LSE art. "
                    "52): it is never cut.",
                    cups=point.cups,
                ),
            )
        return True, False, ""

    def _dunning_guard_electro_dependent(self, planned_date):
        point = self.supply_point_id
        if point.is_electro_dependent:
            return (
                False,
                True,
                self.env._(
                    "An electro-dependent consumer lives at %(cups)s: the supply "
                    "is never cut.",
                    cups=point.cups,
                ),
            )
        return True, False, ""

    def _dunning_guard_open_claim(self, planned_date):
        invoices = self._dunning_unpaid_invoices()
        Ticket = self.env["helpdesk.ticket"].sudo()
        claims = Ticket.search(
            [
                ("state", "not in", tuple(Ticket._lifecycle.closed)),
                "|",
                ("contract_id", "=", self.id),
                ("disputed_invoice_ref", "in", invoices.mapped("name") or [""]),
            ]
        )
        if claims:
            names = ", ".join(claims.mapped("display_name"))
            return (
                False,
                names,
                self.env._(
                    "The claim %(claims)s about the invoices is open.", claims=names
                ),
            )
        return True, False, ""

    def _dunning_guard_payment_plan(self, planned_date):
        plans = self.dunning_plan_ids.filtered(lambda plan: plan.state == "active")
        if plans:
            return (
                False,
                plans[0].name,
                self.env._(
                    "The payment plan %(plan)s is being honoured.", plan=plans[0].name
                ),
            )
        return True, False, ""

    def _dunning_guard_switch(self, planned_date):
        cases = (
            self.env["energy.atr.case"]
            .sudo()
            .search(
                [
                    ("supply_point_id", "=", self.supply_point_id.id),
                    ("process", "in", SWITCH_PROCESSES),
                    ("state", "in", WAITING_STATES),
                ],
                limit=1,
            )
        )
        if cases:
            return (
                False,
                cases.name,
                self.env._(
                    "The switch %(case)s of the supply point is in progress.",
                    case=cases.name,
                ),
            )
        return True, False, ""

    def _dunning_guard_calendar(self, planned_date):
        closed = self._dunning_closed_days(
            planned_date, planned_date + datetime.timedelta(days=1)
        )
        if planned_date in closed:
            message = self.env._(
                "%(date)s is a holiday or a day without customer service: no cut "
                "on such a day.",
                date=planned_date,
            )
            return False, str(planned_date), message
        if planned_date + datetime.timedelta(days=1) in closed:
            message = self.env._(
                "%(date)s is the eve of a holiday or of a day without customer "
                "service: no cut on such a day.",
                date=planned_date,
            )
            return False, str(planned_date), message
        return True, str(planned_date), ""

    def _dunning_closed_days(self, date_from, date_to):
        """Days without customer service between two dates: weekends, Spain's
        national holidays and the tariff holidays of the supply's zone."""
        days = set(
            self.env["energy.period.calendar"]._get_holiday_dates(
                self.supply_point_id.zone, date_from, date_to
            )
        )
        day = date_from
        while day <= date_to:
            if day.weekday() >= 5 or day in spain_national_holidays(day.year):
                days.add(day)
            day += datetime.timedelta(days=1)
        return days

    def _dunning_next_cut_day(self, start):
        """The first day from `start` that is neither closed nor an eve."""
        closed = self._dunning_closed_days(start, start + datetime.timedelta(days=20))
        day = start
        while day in closed or day + datetime.timedelta(days=1) in closed:
            day += datetime.timedelta(days=1)
        return day

    def _dunning_request_cut(self, planned_date):
        """Evaluate every guard, log the evaluation in the history and, when
        all pass, build the B1 (motivo 03). Returns (cut request or empty,
        [translated refusals])."""
        self.ensure_one()
        refusals = self._dunning_log_guards(
            self._dunning_cut_checks(planned_date),
            "guards",
            lambda evaluation: self.env._(
                "Cut guards for %(date)s: %(evaluation)s",
                date=planned_date,
                evaluation=evaluation,
            ),
        )
        if refusals:
            return self.browse(), refusals
        return self._dunning_build_cut(planned_date), []

    def _dunning_log_guards(self, checks, field_name, title):
        """Log the evaluation of `checks` ((rule, passed, value, message)
        tuples) in the history as `field_name`, with the text `title` gives
        for the evaluation's JSON; returns the translated refusals."""
        labels = self._dunning_guard_labels()
        refusals = [
            f"{labels[rule]}: {message}"
            for rule, passed, _v, message in checks
            if not passed
        ]
        evaluation = json.dumps(
            {
                rule: {"passed": passed, "value": value}
                for rule, passed, value, _m in checks
            },
            default=str,
            sort_keys=True,
        )
        self.sudo()._history_log(
            [
                {
                    "event_type": "dunning",
                    "field_name": field_name,
                    "new_value": "refused" if refusals else "passed",
                    "reason": title(evaluation)
                    + ("\n" + "\n".join(refusals) if refusals else ""),
                }
            ]
        )
        return refusals

    def _dunning_build_cut(self, planned_date):
        """The cut request: a termination request of reason 'supply cut for
        non-payment' (B1 motivo 03 through energy_atr), submitted at once.
        Trusted server code, run after the guards passed."""
        request = self._dunning_submit_termination(planned_date, "non_payment_cut")
        self.sudo()._history_log(
            [
                {
                    "event_type": "dunning",
                    "field_name": "cut_requested",
                    "new_value": request.name,
                    "reason": self.env._(
                        "Supply cut requested for %(date)s: %(request)s (B1 motivo "
                        "03, case %(case)s).",
                        date=planned_date,
                        request=request.name,
                        case=request.atr_case_ids[:1].name or "-",
                    ),
                }
            ]
        )
        return request.with_env(self.env)

    def _dunning_submit_termination(self, planned_date, termination_reason):
        """A termination request of `termination_reason` on `planned_date`,
        taken through its phases and submitted (its B1 built by energy_atr).
        Trusted server code, run after the guards passed; sudo."""
        values = self._prepare_change_request_values("termination")
        values.update(
            termination_reason=termination_reason,
            activation_mode="fixed_date",
            date_activation_requested=planned_date,
            source="backoffice",
        )
        Contract = self.env["energy.contract"].sudo()
        request = Contract.create(values)
        with Contract._exit_checks_waived():
            request.action_to_validation()
            request.action_to_signature()
            request.action_submit()
        return request

    def _dunning_on_debt_paid(self):
        """Contracts whose debt is fully paid: cancel their pending cut
        requests, ask for the reconnection of the executed ones (deadline
        24 h), all recorded in their history. Trusted server code."""
        unpaid = self.env["account.move"]._read_group(
            [
                ("energy_contract_id", "in", self.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", UNPAID),
            ],
            ["energy_contract_id"],
        )
        paid = self - self.browse([contract.id for (contract,) in unpaid])
        cuts = self.search(
            [
                ("parent_contract_id", "in", paid.ids),
                ("termination_reason", "=", "non_payment_cut"),
                ("state", "in", (*CUT_PENDING, "active")),
            ]
        )
        pending = cuts.filtered(lambda cut: cut.state in CUT_PENDING)
        if pending:
            pending.action_cancel(self.env._("The debt was paid."))
        done = cuts - pending
        deadline = fields.Datetime.add(fields.Datetime.now(), hours=RECONNECTION_HOURS)
        events = [
            {
                "contract_id": cut.parent_contract_id.id,
                "event_type": "dunning",
                "field_name": "cut_cancelled" if cut in pending else "reconnection_due",
                "new_value": cut.name,
                "reason": self.env._(
                    "Debt paid: the cut request %(cut)s was cancelled with the "
                    "distributor.",
                    cut=cut.name,
                )
                if cut in pending
                else self.env._(
                    "Debt paid: the supply cut by %(cut)s must be reconnected by "
                    "%(deadline)s.",
                    cut=cut.name,
                    deadline=deadline,
                ),
            }
            for cut in cuts
        ]
        if events:
            self.env["energy.contract.event"]._log(events)
        for cut in done:
            cut.parent_contract_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=deadline.date(),
                summary=self.env._("Reconnect the supply: the debt was paid"),
                user_id=cut.parent_contract_id.user_id.id or self.env.uid,
            )

    def _terminate_changed_contracts(self):
        """An executed cut for non-payment (B1 motivo 03) suspends the supply:
        the contract stays in force, its point is flagged as cut."""
        cuts = self.filtered(lambda r: r.termination_reason == "non_payment_cut")
        result = super(EnergyContract, self - cuts)._terminate_changed_contracts()
        for cut in cuts:
            cut.supply_point_id.sudo().date_cut_for_debt = cut.date_activated
        if cuts:
            self.env["energy.contract.event"].sudo()._log(
                [
                    {
                        "contract_id": cut.parent_contract_id.id,
                        "event_type": "dunning",
                        "field_name": "cut_executed",
                        "new_value": cut.name,
                        "reason": self.env._(
                            "The distributor cut the supply on %(date)s (%(cut)s).",
                            date=cut.date_activated,
                            cut=cut.name,
                        ),
                    }
                    for cut in cuts
                ]
            )
        return result

    def _action_reject(self):
        """A rejected cut is recorded in the contract's history; a rejection
        for an essential supply flags the point as essential, one for a
        supply already cut records the cut."""
        result = super()._action_reject()
        cuts = self.filtered(lambda r: r.termination_reason == "non_payment_cut")
        for cut in cuts:
            point = cut.supply_point_id.sudo()
            if cut.reject_reason_code in ESSENTIAL_REJECTIONS:
                point.is_essential_supply = True
            elif cut.reject_reason_code in ALREADY_CUT_REJECTIONS:
                point.date_cut_for_debt = point.date_cut_for_debt or (
                    fields.Date.context_today(self)
                )
        if cuts:
            self.env["energy.contract.event"].sudo()._log(
                [
                    {
                        "contract_id": cut.parent_contract_id.id,
                        "event_type": "dunning",
                        "field_name": "cut_rejected",
                        "new_value": cut.reject_reason_code or cut.name,
                        "reason": self.env._(
                            "The distributor rejected the cut %(cut)s: %(reason)s",
                            cut=cut.name,
                            reason=cut.state_reason or "-",
                        ),
                    }
                    for cut in cuts
                ]
            )
        return result
