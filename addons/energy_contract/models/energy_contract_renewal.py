# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .energy_contract import POWER_FIELDS
from .lifecycle import IN_PROGRESS_STATES

# Requests that end the contract they change.
ENDING_TYPES = ("termination", "withdrawal")
RENEWAL_NOTICE_TEMPLATE = "energy_contract.mail_template_contract_renewal_notice"
END_OF_TERM_NOTICE_TEMPLATE = "energy_contract.mail_template_contract_end_notice"
# Contracts handled per run of the scheduled action; the rest in the next run,
# which the scheduler starts at once.
TERM_BATCH = 1000


class EnergyContract(models.Model):
    """The end of a contract's term: a notice to the customer a configurable
    number of days before it, then a renewal request (automatic renewal) or a
    termination request when the end date is reached (no renewal). The
    activation of a renewal request extends the term of its contract."""

    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    date_renewal_notice = fields.Date(
        string="Renewal Notice On",
        copy=False,
        readonly=True,
        help="Day the end of the current term was processed: the customer was "
        "told that the contract renews or ends, and the renewal request opened.",
    )
    renewal_notice_end_date = fields.Date(
        string="Noticed End Date",
        copy=False,
        readonly=True,
        help="End date announced by the last renewal notice.",
    )
    is_renewal_noticed = fields.Boolean(
        string="Renewal Noticed",
        compute="_compute_is_renewal_noticed",
        store=True,
        index=True,
        help="The end of the current term was already notified to the customer.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("date_end", "renewal_notice_end_date")
    def _compute_is_renewal_noticed(self):
        for contract in self:
            contract.is_renewal_noticed = bool(
                contract.date_end
                and contract.renewal_notice_end_date == contract.date_end
            )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_renew(self):
        """Open the renewal request of this active contract now (the one in
        progress if there is one) and show it."""
        self.ensure_one()
        if self.state != "active" or self.parent_contract_id:
            raise UserError(
                self.env._(
                    "Only an active contract can be renewed, and %(name)s is not one.",
                    name=self.display_name,
                )
            )
        renewal = self._get_open_renewals().get(self.id)
        if not renewal:
            renewal = self.create(self._prepare_renewal_values())
            self.env["energy.contract.event"]._log(
                [
                    {
                        "contract_id": self.id,
                        "event_type": "note",
                        "new_value": renewal.name,
                        "reason": self.env._(
                            "Renewal request %(request)s opened by the back-office.",
                            request=renewal.name,
                        ),
                    }
                ]
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Guards and hooks of the lifecycle
    # ------------------------------------------------------------------

    def _action_activate(self):
        """An active renewal request extends the term of its contract."""
        result = super()._action_activate()
        self.filtered(
            lambda r: r.request_type == "renewal" and r.parent_contract_id
        )._extend_renewed_contracts()
        return result

    @api.model
    def _get_guarded_fields(self):
        """The renewal notice is recorded by the scheduled action only: an edit
        would send it again or hold it back."""
        return super()._get_guarded_fields() | {
            "date_renewal_notice",
            "renewal_notice_end_date",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _cron_renew_contracts(self):
        """Daily: notify the customers of contracts whose term ends within the
        company's notice period and open their renewal requests; open a
        termination request for contracts without automatic renewal that
        reached their end date. Idempotent: a second run the same day (or any
        later day for the same end date) creates and sends nothing."""
        today = fields.Date.context_today(self)
        noticed, more_notices = self._process_renewal_notices(today)
        ended, more_ends = self._process_ends_of_term(today)
        self.env["ir.cron"]._notify_progress(
            done=len(noticed) + len(ended), remaining=more_notices + more_ends
        )
        return noticed, ended

    def _prepare_change_request_values(self, request_type):
        """A request of `request_type` changing this contract, with its
        customer, supply point, product, powers and billing data."""
        self.ensure_one()
        return {
            "request_type": request_type,
            "parent_contract_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "customer_type": self.customer_type,
            "partner_invoice_id": self.partner_invoice_id.id,
            "bank_iban": self.bank_iban,
            "sepa_mandate_ref": self.sepa_mandate_ref,
            "sepa_mandate_date": self.sepa_mandate_date,
            "supply_point_id": self.supply_point_id.id,
            "product_id": self.product_id.id,
            "access_tariff_id": self.access_tariff_id.id,
            **{fname: self[fname] for fname in POWER_FIELDS},
            "channel_id": self.channel_id.id,
            "sales_agent_id": self.sales_agent_id.id,
            "user_id": self.user_id.id,
            "source": "backoffice",
            "activation_mode": "fixed_date" if self.date_end else "asap",
            "date_activation_requested": self.date_end,
        }

    def _prepare_renewal_values(self):
        """The renewal request of this contract: a new term of the same
        duration from its end date, on the same conditions."""
        values = self._prepare_change_request_values("renewal")
        values.update(duration_months=self.duration_months, auto_renew=True)
        return values

    def _prepare_end_of_term_values(self):
        """The termination request of this contract at its end date."""
        values = self._prepare_change_request_values("termination")
        values["termination_reason"] = "end_of_term"
        return values

    def _get_open_renewals(self):
        """{contract id: its renewal request in progress} (one query)."""
        renewals = self.search(
            [
                ("parent_contract_id", "in", self.ids),
                ("request_type", "=", "renewal"),
                ("state", "in", IN_PROGRESS_STATES),
            ],
            order="id",
        )
        return {renewal.parent_contract_id.id: renewal for renewal in renewals}

    @api.model
    def _get_term_domain(self):
        """Contracts in force (not change requests) that nobody is ending."""
        return [
            ("state", "=", "active"),
            ("parent_contract_id", "=", False),
            ("date_end", "!=", False),
            (
                "change_request_ids",
                "not any",
                [
                    ("request_type", "in", ENDING_TYPES),
                    ("state", "in", IN_PROGRESS_STATES),
                ],
            ),
        ]

    @api.model
    def _process_renewal_notices(self, today):
        """Notice of the end of term for the contracts due (see
        `_cron_renew_contracts`). Returns the contracts handled and whether
        more are due."""
        [(longest,)] = (
            self.env["res.company"]
            .sudo()
            ._read_group([], [], ["energy_contract_renewal_notice_days:max"])
        )
        candidates = self.search(
            [
                *self._get_term_domain(),
                ("is_renewal_noticed", "=", False),
                ("date_end", "<=", today + timedelta(days=longest or 0)),
            ],
            order="date_end, id",
        )
        due = candidates.filtered(
            lambda c: c.date_end
            <= today + timedelta(days=c.company_id.energy_contract_renewal_notice_days)
        )
        more = max(len(due) - TERM_BATCH, 0)
        due = due[:TERM_BATCH]
        if not due:
            return due, more
        renewals = due._get_open_renewals()
        to_open = due.filtered(lambda c: c.auto_renew and c.id not in renewals)
        opened = self._create_from_job([c._prepare_renewal_values() for c in to_open])
        renewals.update({r.parent_contract_id.id: r for r in opened})
        # A notice is given before the end date; a term that already ended
        # unnoticed (the job did not run, the contract was imported late) is
        # recorded and renewed, but no notice is mailed after the fact.
        in_time = due.filtered(lambda c: c.date_end >= today)
        mailed = in_time.filtered(lambda c: c.partner_id.email)
        mailed.filtered("auto_renew")._mail_term_notice(RENEWAL_NOTICE_TEMPLATE)
        mailed.filtered(lambda c: not c.auto_renew)._mail_term_notice(
            END_OF_TERM_NOTICE_TEMPLATE
        )
        self.env["energy.contract.event"]._log(
            [
                contract._prepare_notice_event(
                    renewals.get(contract.id),
                    mailed=contract in mailed,
                    late=contract not in in_time,
                )
                for contracts in due._in_company_langs()
                for contract in contracts
            ]
        )
        for end, contracts in due.grouped("date_end").items():
            contracts._write_guarded(
                {"date_renewal_notice": today, "renewal_notice_end_date": end}
            )
        return due, more

    def _mail_term_notice(self, template_xmlid):
        """Mail the notice to each customer in their language, one e-mail per
        contract kept in its chatter (rendered and queued in one batch)."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not self or not template:
            return
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_composition_mode="mass_mail",
                default_model=self._name,
                default_res_ids=self.ids,
                default_template_id=template.id,
            )
            .create({"auto_delete": False})
        )
        composer._action_send_mail()

    def _prepare_notice_event(self, renewal, mailed, late):
        """History of the notice of this contract's end of term."""
        self.ensure_one()
        values = {
            "contract_id": self.id,
            "event_type": "reminder",
            "field_name": "date_end",
            "new_value": fields.Date.to_string(self.date_end),
        }
        customer = self.partner_id.display_name
        end = format_date(self.env, self.date_end)
        if late:
            notice = self.env._(
                "The term ended on %(date)s before any notice: none was sent.",
                date=end,
            )
        elif not mailed:
            notice = self.env._(
                "%(customer)s has no e-mail address: send the notice of the end "
                "of term on %(date)s by other means.",
                customer=customer,
                date=end,
            )
        elif self.auto_renew:
            notice = self.env._(
                "Renewal notice e-mailed to %(customer)s: the contract renews on "
                "%(date)s.",
                customer=customer,
                date=end,
            )
        else:
            notice = self.env._(
                "End-of-term notice e-mailed to %(customer)s: the contract ends on "
                "%(date)s without renewal.",
                customer=customer,
                date=end,
            )
        if renewal:
            notice = self.env._(
                "%(notice)s Renewal request: %(request)s.",
                notice=notice,
                request=renewal.name,
            )
        values["reason"] = notice
        return values

    @api.model
    def _process_ends_of_term(self, today):
        """A termination request (end of term) for each contract without
        automatic renewal that reached its end date, once per end date.
        Returns the contracts handled and whether more are due."""
        candidates = self.search(
            [
                *self._get_term_domain(),
                ("auto_renew", "=", False),
                ("date_end", "<=", today),
            ],
            order="date_end, id",
        )
        if not candidates:
            return candidates, 0
        # requests already opened for an end date, whatever became of them
        opened = {
            (parent.id, fields.Date.to_date(day))
            for parent, day in self._read_group(
                [
                    ("parent_contract_id", "in", candidates.ids),
                    ("request_type", "=", "termination"),
                    ("termination_reason", "=", "end_of_term"),
                    ("date_activation_requested", "!=", False),
                ],
                ["parent_contract_id", "date_activation_requested:day"],
            )
        }
        due = candidates.filtered(lambda c: (c.id, c.date_end) not in opened)
        more = max(len(due) - TERM_BATCH, 0)
        due = due[:TERM_BATCH]
        if not due:
            return due, more
        with self._guard_released():
            requests = self._create_from_job(
                [contract._prepare_end_of_term_values() for contract in due]
            )
        request_by_contract = dict(zip(due.ids, requests, strict=True))
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": contract.id,
                    "event_type": "note",
                    "field_name": "date_end",
                    "new_value": request_by_contract[contract.id].name,
                    "reason": contract.env._(
                        "The term ended on %(date)s and the contract does not renew "
                        "automatically: termination request %(request)s opened.",
                        date=format_date(contract.env, contract.date_end),
                        request=request_by_contract[contract.id].name,
                    ),
                }
                for contracts in due._in_company_langs()
                for contract in contracts
            ]
        )
        return due, more

    @api.model
    def _create_from_job(self, vals_list):
        """Requests opened by the scheduled action, by the hundred: their
        responsibles and phase owners find them in their lists and activities,
        without one "you have been assigned" e-mail per request."""
        return self.with_context(
            mail_auto_subscribe_no_notify=True, mail_activity_quick_update=True
        ).create(vals_list)

    def _in_company_langs(self):
        """These contracts in groups, each in the language of its company: the
        history a scheduled action writes is read by the company's staff."""
        return [
            contracts.with_context(lang=lang)
            for lang, contracts in self.grouped(
                lambda c: c.company_id.partner_id.lang or self.env.lang
            ).items()
        ]

    def _extend_renewed_contracts(self):
        """Each active renewal request moves the end date of its contract on
        by the renewal's duration (from the current end date), in activation
        order; one write per new end date."""
        new_ends = {}
        events = []
        for renewal in self.sorted(lambda r: (r.date_activated, r.id)):
            contract = renewal.parent_contract_id
            months = renewal.duration_months or contract.duration_months
            if not months:
                continue
            old_end = new_ends.get(contract, contract.date_end)
            new_end = fields.Date.add(old_end or renewal.date_activated, months=months)
            new_ends[contract] = new_end
            events.append(
                {
                    "contract_id": contract.id,
                    "event_type": "note",
                    "field_name": "date_end",
                    "old_value": fields.Date.to_string(old_end) if old_end else "",
                    "new_value": fields.Date.to_string(new_end),
                    "reason": self.env._(
                        "Term renewed for %(months)s months by request %(request)s: "
                        "the contract now ends on %(date)s.",
                        months=months,
                        request=renewal.name,
                        date=format_date(self.env, new_end),
                    ),
                }
            )
        by_end = defaultdict(self.browse)
        for contract, new_end in new_ends.items():
            by_end[new_end] |= contract
        for new_end, contracts in by_end.items():
            contracts.write({"date_end": new_end})
        self.env["energy.contract.event"]._log(events)
