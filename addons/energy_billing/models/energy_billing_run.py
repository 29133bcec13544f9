# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from odoo.addons.energy_base.tools.demo import demo_env

BATCH_SIZE = 500


class EnergyBillingRun(models.Model):
    """Bills the active contracts of a company whose readings end in a date
    range: one posted invoice per contract and reading window. It works in
    batches, remembers the last contract it handled and can be resumed; a
    contract already billed for a window is never billed again."""

    _name = "energy.billing.run"
    _description = "Billing Run"
    _inherit = ["mail.thread", "energy.guard.mixin"]
    _order = "date_to desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(string="Readings Ending From", required=True)
    date_to = fields.Date(string="Readings Ending Until", required=True)
    invoice_date = fields.Date(
        help="Date of the invoices; today when empty.",
    )
    send_by_email = fields.Boolean(
        string="E-mail the Bills",
        default=True,
        help="E-mail each posted bill (its PDF) to customers with an e-mail "
        "address, in the background, with Odoo's invoice sending.",
    )
    estimate_missing = fields.Boolean(
        string="Estimate Missing Readings",
        help="Contracts without a reading ending in the range are billed on an "
        "estimate from their last twelve months (SIPS), marked as estimated and "
        "regularised when the real reading of that window arrives.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
    )
    last_contract_id = fields.Integer(readonly=True, copy=False)
    contract_count = fields.Integer(string="Contracts", readonly=True, copy=False)
    processed_count = fields.Integer(string="Processed", readonly=True, copy=False)
    progress = fields.Float(compute="_compute_progress")
    bill_ids = fields.One2many("energy.bill", "run_id", string="Bills", readonly=True)
    bill_count = fields.Integer(compute="_compute_counts")
    issue_ids = fields.One2many(
        "energy.billing.run.issue", "run_id", string="Not Billed", readonly=True
    )
    issue_count = fields.Integer(compute="_compute_counts")

    @api.depends("date_from", "date_to")
    def _compute_name(self):
        for run in self:
            if not (run.date_from and run.date_to):
                run.name = self.env._("New billing run")
                continue
            run.name = self.env._(
                "Billing %(start)s – %(end)s",
                start=format_date(self.env, run.date_from),
                end=format_date(self.env, run.date_to),
            )

    @api.depends("contract_count", "processed_count")
    def _compute_progress(self):
        for run in self:
            run.progress = (
                100.0 * run.processed_count / run.contract_count
                if run.contract_count
                else 0.0
            )

    @api.depends("bill_ids", "issue_ids")
    def _compute_counts(self):
        for run in self:
            run.bill_count = len(run.bill_ids)
            run.issue_count = len(run.issue_ids)

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {
            "state",
            "last_contract_id",
            "contract_count",
            "processed_count",
        }

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for run in self:
            if run.date_to < run.date_from:
                raise UserError(self.env._("The run cannot end before it starts."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start(self):
        """Start (or resume) the run and bill every contract now."""
        for run in self:
            run._process()
        return True

    def _contract_domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "active"),
            # the supply contracts; their change requests are not billed apart
            ("parent_contract_id", "=", False),
            ("supply_point_id", "!=", False),
            ("product_id", "!=", False),
            "|",
            ("date_activated", "=", False),
            ("date_activated", "<=", self.date_to),
        ]

    def _process(self, batch_size=BATCH_SIZE, commit=False):
        self.ensure_one()
        Contract = self.env["energy.contract"]
        if self.state == "draft":
            self._write_guarded(
                {
                    "state": "running",
                    "contract_count": Contract.search_count(self._contract_domain()),
                }
            )
        while True:
            contracts = Contract.search(
                [*self._contract_domain(), ("id", ">", self.last_contract_id)],
                order="id",
                limit=batch_size,
            )
            if not contracts:
                break
            self._process_batch(contracts)
            self._write_guarded(
                {
                    "last_contract_id": contracts[-1].id,
                    "processed_count": self.processed_count + len(contracts),
                }
            )
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        self._write_guarded({"state": "done"})

    def _process_batch(self, contracts):
        """Bill one batch: one query for the readings, one engine call, one
        create and post of the invoices."""
        # the range's readings, and any older one still unbilled (a late
        # reading is billed by the next run)
        readings = self.env["energy.billing.reading"].search(
            [
                ("supply_point_id", "in", contracts.supply_point_id.ids),
                ("state", "=", "valid"),
                ("date_end", "<=", self.date_to),
                "|",
                ("bill_id", "=", False),
                ("date_end", ">=", self.date_from),
            ],
            order="date_start",
        )
        by_point = {}
        for reading in readings:
            by_point.setdefault(reading.supply_point_id.id, []).append(reading)
        if self.estimate_missing:
            self._estimate_missing(contracts, by_point)
        pairs, issues = [], []
        for contract in contracts:
            mine = [
                r
                for r in by_point.get(contract.supply_point_id.id, [])
                if not contract.date_activated
                or r.date_start >= contract.date_activated
            ]
            if not mine:
                issues.append(
                    (
                        contract,
                        "missing_reading",
                        self.env._(
                            "No reading of %(cups)s ends between %(start)s and "
                            "%(end)s.",
                            cups=contract.cups,
                            start=format_date(self.env, self.date_from),
                            end=format_date(self.env, self.date_to),
                        ),
                    )
                )
            pairs.extend((contract, r) for r in mine if not r.bill_id)
        bills, price_issues = self.env["energy.bill"]._bill_readings(
            pairs, run=self, invoice_date=self.invoice_date
        )
        if self.send_by_email:
            self._queue_sending(bills.move_id)
        self.env["energy.billing.run.issue"].create(
            [
                {"run_id": self.id, "contract_id": c.id, "reason": r, "message": m}
                for c, r, m in issues + price_issues
            ]
        )

    def _queue_sending(self, moves):
        """Hand the invoices to Odoo's background sending (the PDF is the
        electricity bill), as Send & Print does for a batch."""
        to_send = moves.filtered(lambda move: move.partner_id.email)
        if not to_send:
            return
        to_send.sending_data = {
            "author_user_id": self.env.user.id,
            "author_partner_id": self.env.user.partner_id.id,
        }
        self.env.ref("account.ir_cron_account_move_send")._trigger()

    def _estimate_missing(self, contracts, by_point):
        """Create estimated readings, in one batch, for the contracts of
        `contracts` that have none in the run's range, and add them to
        `by_point`."""
        missing = contracts.filtered(lambda c: c.supply_point_id.id not in by_point)
        covered = self.env["energy.billing.reading"].search(
            [
                ("supply_point_id", "in", missing.supply_point_id.ids),
                ("state", "=", "valid"),
                ("date_start", "<=", self.date_to),
                ("date_end", ">=", self.date_from),
            ]
        )
        missing -= missing.filtered(
            lambda c: c.supply_point_id in covered.supply_point_id
        )
        vals_list = []
        for contract in missing:
            start = max(self.date_from, contract.date_activated or self.date_from)
            if start > self.date_to:
                continue
            vals_list += self.env["energy.billing.reading"]._estimate_vals(
                contract.supply_point_id, start, self.date_to
            )
        for reading in self.env["energy.billing.reading"].create(vals_list):
            by_point.setdefault(reading.supply_point_id.id, []).append(reading)

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_bill_last_month(self):
        """Create the run of last month for every company that has none, then
        finish every run not done (an interrupted run resumes where it
        stopped)."""
        first = fields.Date.context_today(self).replace(day=1)
        date_from, date_to = (
            first - relativedelta(months=1),
            first - relativedelta(days=1),
        )
        companies = (
            self.env["energy.contract"].search([("state", "=", "active")]).company_id
        )
        for company in companies:
            if not self.search_count(
                [
                    ("company_id", "=", company.id),
                    ("date_from", "=", date_from),
                    ("date_to", "=", date_to),
                ]
            ):
                self.create(
                    {
                        "company_id": company.id,
                        "date_from": date_from,
                        "date_to": date_to,
                    }
                )
        # commit after each batch so that an interrupted run resumes there
        # (not in tests, whose transaction is rolled back)
        commit = not getattr(threading.current_thread(), "testing", False)
        for run in self.search([("state", "!=", "done")], order="id"):
            run.with_company(run.company_id)._process(commit=commit)

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------

    @api.model
    def _demo_generate(self):
        """Twelve months of readings and invoices for the active demo
        contracts (called by demo/energy_billing_demo.xml)."""
        from ..demo import billing_demo

        billing_demo.generate(demo_env(self.env))
