# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .energy_contract_cut import CUT_PENDING, RECONNECTION_HOURS, UNPAID

# The rules a termination for non-payment (B1 motivo 04) must pass, in the
# order they are evaluated.
TERMINATION_GUARDS = (
    "contract_active",
    "cut_executed",
    "debt_unpaid",
    "termination_wait",
    "payment_plan",
    "promise",
    "open_claim",
    "termination_pending",
)


class CreditControlPolicy(models.Model):
    _inherit = "credit.control.policy"

    energy_termination_wait_months = fields.Integer(
        string="Months From Cut to Termination",
        default=2,
        help="Months the supply stays cut for non-payment, the debt unpaid, "
        "before the contract may be terminated for non-payment (B1 motivo 04). "
        "Two months, as the sector's rule for a suspended point (CNMC table "
        "120, code 05) and the 60 days the distributor has to execute a cut.",
    )

    _sql_constraints = [
        (
            "energy_termination_wait_months_positive",
            "CHECK(energy_termination_wait_months >= 0)",
            "The months from cut to termination cannot be negative.",
        ),
    ]


class EnergySupplyPoint(models.Model):
    """The reconnection owed after a cut once the debt is paid: its deadline
    and whether it was missed, written only by the server (payment, cron,
    recorded reconnection), never by a client."""

    _name = "energy.supply.point"
    _inherit = ["energy.supply.point", "energy.guard.mixin"]

    date_reconnection_due = fields.Datetime(
        string="Reconnection Due By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The debt was paid: the supply must be reconnected within 24 hours.",
    )
    reconnection_overdue = fields.Boolean(
        readonly=True, copy=False, index=True, tracking=True
    )

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {
            "date_reconnection_due",
            "reconnection_overdue",
        }


class EnergyContract(models.Model):
    """Termination for non-payment: after an executed cut, the debt still
    unpaid once the waiting period has passed, the contract is terminated
    with a B1 motivo 04 through the switching addon, only when every rule
    passes; the distributor's answers end the contract, everything in the
    history. And the reconnection owed after payment is watched."""

    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _dunning_guard_labels(self):
        labels = super()._dunning_guard_labels()
        labels.update(
            {
                "cut_executed": self.env._("Supply cut executed"),
                "debt_unpaid": self.env._("Debt still unpaid"),
                "termination_wait": self.env._("Waiting period since the cut"),
                "promise": self.env._("Promise to pay pending"),
                "termination_pending": self.env._("Termination already requested"),
            }
        )
        return labels

    def _dunning_cut_checks(self, planned_date):
        """A pending promise to pay also stops a cut until its date."""
        return [
            *super()._dunning_cut_checks(planned_date),
            ("promise", *self.sudo()._dunning_guard_promise(planned_date)),
        ]

    def _dunning_executed_cut(self):
        """The executed cut (B1 motivo 03) of this contract whose supply is
        still cut, or an empty recordset."""
        if not self.supply_point_id.date_cut_for_debt:
            return self.browse()
        return self.search(
            [
                ("parent_contract_id", "=", self.id),
                ("termination_reason", "=", "non_payment_cut"),
                ("state", "=", "active"),
                ("date_activated", "!=", False),
            ],
            order="date_activated desc, id desc",
            limit=1,
        )

    def _dunning_termination_checks(self, planned_date):
        """[(rule, passed, value, translated message)] of every guard of a
        termination for non-payment."""
        self.ensure_one()
        contract = self.sudo()
        return [
            (rule, *getattr(contract, f"_dunning_guard_{rule}")(planned_date))
            for rule in TERMINATION_GUARDS
        ]

    def _dunning_guard_cut_executed(self, planned_date):
        cut = self._dunning_executed_cut()
        if not cut:
            return (
                False,
                False,
                self.env._(
                    "The supply has not been cut for non-payment (no executed B1 "
                    "motivo 03 with the supply still cut)."
                ),
            )
        return True, f"{cut.name}@{cut.date_activated}", ""

    def _dunning_guard_debt_unpaid(self, planned_date):
        invoices = self._dunning_unpaid_invoices()
        if not invoices:
            return False, 0.0, self.env._("The contract has no unpaid invoice.")
        return True, sum(invoices.mapped("amount_residual")), ""

    def _dunning_termination_wait_months(self):
        policies = self.env["credit.control.policy"]._energy_policies_by_segment(
            self.company_id
        )
        policy = policies.get(self.dunning_segment)
        return policy.energy_termination_wait_months if policy else 2

    def _dunning_guard_termination_wait(self, planned_date):
        cut = self._dunning_executed_cut()
        if not cut:
            return False, False, self.env._("There is no executed cut to count from.")
        months = self._dunning_termination_wait_months()
        allowed = cut.date_activated + relativedelta(months=months)
        value = f"{cut.date_activated}→{allowed}"
        if planned_date < allowed:
            return (
                False,
                value,
                self.env._(
                    "The supply was cut on %(cut)s: the contract cannot be "
                    "terminated for non-payment before %(allowed)s (%(months)s "
                    "months).",
                    cut=cut.date_activated,
                    allowed=allowed,
                    months=months,
                ),
            )
        return True, value, ""

    def _dunning_guard_promise(self, planned_date):
        promise = (
            self.env["energy.dunning.promise"]
            .sudo()
            .search(
                [
                    ("contract_id", "=", self.id),
                    ("state", "=", "pending"),
                    ("date_promised", ">=", planned_date),
                ],
                order="date_promised",
                limit=1,
            )
        )
        if promise:
            return (
                False,
                str(promise.date_promised),
                self.env._(
                    "The customer promised to pay %(amount).2f by %(date)s.",
                    amount=promise.amount,
                    date=promise.date_promised,
                ),
            )
        return True, False, ""

    def _dunning_guard_termination_pending(self, planned_date):
        pending = self.search(
            [
                ("parent_contract_id", "=", self.id),
                ("termination_reason", "=", "non_payment"),
                ("state", "in", CUT_PENDING),
            ],
            limit=1,
        )
        if pending:
            return (
                False,
                pending.name,
                self.env._(
                    "The termination %(request)s is already with the distributor.",
                    request=pending.name,
                ),
            )
        return True, False, ""

    # ------------------------------------------------------------------
    # Termination for non-payment
    # ------------------------------------------------------------------

    def _dunning_request_termination(self, planned_date):
        """Evaluate every guard, log the evaluation in the history and, when
        all pass, build the B1 (motivo 04). Returns (termination request or
        empty, [translated refusals])."""
        self.ensure_one()
        refusals = self._dunning_log_guards(
            self._dunning_termination_checks(planned_date),
            "termination_guards",
            lambda evaluation: self.env._(
                "Termination guards for %(date)s: %(evaluation)s",
                date=planned_date,
                evaluation=evaluation,
            ),
        )
        if refusals:
            return self.browse(), refusals
        return self._dunning_build_termination(planned_date), []

    def _dunning_build_termination(self, planned_date):
        """The termination request of reason 'non-payment' (B1 motivo 04
        through energy_atr), submitted at once. Trusted server code, run after
        the guards passed."""
        request = self._dunning_submit_termination(planned_date, "non_payment")
        self.sudo()._history_log(
            [
                {
                    "event_type": "dunning",
                    "field_name": "termination_requested",
                    "new_value": request.name,
                    "reason": self.env._(
                        "Termination for non-payment requested for %(date)s: "
                        "%(request)s (B1 motivo 04, case %(case)s).",
                        date=planned_date,
                        request=request.name,
                        case=request.atr_case_ids[:1].name or "-",
                    ),
                }
            ]
        )
        return request.with_env(self.env)

    def _terminate_changed_contracts(self):
        """The distributor executed a B1 motivo 04: the contract ends for
        non-payment (energy_contract_version does it), recorded here."""
        terminations = self.filtered(lambda r: r.termination_reason == "non_payment")
        result = super()._terminate_changed_contracts()
        if terminations:
            self.env["energy.contract.event"].sudo()._log(
                [
                    {
                        "contract_id": request.parent_contract_id.id,
                        "event_type": "dunning",
                        "field_name": "terminated_non_payment",
                        "new_value": request.name,
                        "reason": self.env._(
                            "The distributor terminated the contract for "
                            "non-payment on %(date)s (%(request)s).",
                            date=request.date_activated,
                            request=request.name,
                        ),
                    }
                    for request in terminations
                ]
            )
        return result

    def _action_reject(self):
        result = super()._action_reject()
        terminations = self.filtered(lambda r: r.termination_reason == "non_payment")
        if terminations:
            self.env["energy.contract.event"].sudo()._log(
                [
                    {
                        "contract_id": request.parent_contract_id.id,
                        "event_type": "dunning",
                        "field_name": "termination_rejected",
                        "new_value": request.reject_reason_code or request.name,
                        "reason": self.env._(
                            "The distributor rejected the termination %(request)s: "
                            "%(reason)s",
                            request=request.name,
                            reason=request.state_reason or "-",
                        ),
                    }
                    for request in terminations
                ]
            )
        return result

    # ------------------------------------------------------------------
    # Payment: pending terminations cancelled, reconnection watched
    # ------------------------------------------------------------------

    def _dunning_on_debt_paid(self):
        """Besides the cut: a termination still with the distributor is
        cancelled, and the reconnection owed within 24 hours gets its
        deadline on the supply point, which the watch cron checks."""
        result = super()._dunning_on_debt_paid()
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
        if not paid:
            return result
        terminations = self.search(
            [
                ("parent_contract_id", "in", paid.ids),
                ("termination_reason", "=", "non_payment"),
                ("state", "in", CUT_PENDING),
            ]
        )
        if terminations:
            terminations.action_cancel(self.env._("The debt was paid."))
            self.env["energy.contract.event"]._log(
                [
                    {
                        "contract_id": request.parent_contract_id.id,
                        "event_type": "dunning",
                        "field_name": "termination_cancelled",
                        "new_value": request.name,
                        "reason": self.env._(
                            "Debt paid: the termination %(request)s was cancelled "
                            "with the distributor.",
                            request=request.name,
                        ),
                    }
                    for request in terminations
                ]
            )
        points = paid.filtered(
            lambda c: c.supply_point_id.date_cut_for_debt
            and not c.supply_point_id.date_reconnection_due
        ).supply_point_id
        if points:
            deadline = fields.Datetime.add(
                fields.Datetime.now(), hours=RECONNECTION_HOURS
            )
            points.sudo()._write_guarded(
                {"date_reconnection_due": deadline, "reconnection_overdue": False}
            )
        return result

    def _dunning_record_reconnection(self, date_reconnected):
        """The supply was reconnected: the point is no longer cut, the owed
        reconnection is closed, on time or late, in the history."""
        points = self.supply_point_id.sudo()
        events = []
        for contract in self:
            point = contract.supply_point_id
            due = point.date_reconnection_due
            late = bool(due) and date_reconnected > due
            events.append(
                {
                    "contract_id": contract.id,
                    "event_type": "dunning",
                    "field_name": "reconnected",
                    "new_value": "late" if late else "on_time",
                    "reason": self.env._(
                        "Supply reconnected on %(date)s (due by %(due)s)%(late)s.",
                        date=date_reconnected,
                        due=due or "-",
                        late=self.env._(": late") if late else "",
                    ),
                }
            )
        points.write({"date_cut_for_debt": False})
        points._write_guarded(
            {"date_reconnection_due": False, "reconnection_overdue": False}
        )
        self.env["energy.contract.event"].sudo()._log(events)
        self.sudo().activity_ids.filtered(
            lambda a: a.summary
            in (
                self.env._("Reconnect the supply: the debt was paid"),
                self.env._("Reconnection overdue"),
            )
        ).action_feedback(self.env._("Supply reconnected."))

    @api.model
    def _cron_watch_reconnections(self):
        """A reconnection not done within its 24 hours is flagged on the
        supply point, recorded in the contract's history and handed to the
        collector as an overdue activity (in batch)."""
        now = fields.Datetime.now()
        points = (
            self.env["energy.supply.point"]
            .sudo()
            .search(
                [
                    ("date_reconnection_due", "<", now),
                    ("date_cut_for_debt", "!=", False),
                    ("reconnection_overdue", "=", False),
                ]
            )
        )
        if not points:
            return self.browse()
        contracts = self.sudo().search(
            [
                ("supply_point_id", "in", points.ids),
                ("parent_contract_id", "=", False),
                ("state", "=", "active"),
            ]
        )
        points._write_guarded({"reconnection_overdue": True})
        self.env["energy.contract.event"].sudo()._log(
            [
                {
                    "contract_id": contract.id,
                    "event_type": "dunning",
                    "field_name": "reconnection_overdue",
                    "new_value": str(contract.supply_point_id.date_reconnection_due),
                    "reason": self.env._(
                        "The supply of %(cups)s was due to be reconnected by "
                        "%(due)s and is still cut.",
                        cups=contract.supply_point_id.cups,
                        due=contract.supply_point_id.date_reconnection_due,
                    ),
                }
                for contract in contracts
            ]
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        admin = self.env.ref("base.user_admin")
        model_id = self.env["ir.model"]._get_id("energy.contract")
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": contract.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._("Reconnection overdue"),
                    "date_deadline": fields.Date.context_today(self),
                    "user_id": contract.user_id.id or admin.id,
                }
                for contract in contracts
            ]
        )
        return contracts
