# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .credit_control_policy import SEGMENTS
from .credit_control_policy_level import NOTICE_KINDS

AGEING = [
    ("not_due", "Not yet due"),
    ("1_30", "1-30 days"),
    ("31_60", "31-60 days"),
    ("61_90", "61-90 days"),
    ("over_90", "Over 90 days"),
]
NEXT_ACTIONS = [
    ("level", "Next ladder level"),
    ("serve", "Record the service of the notice"),
    ("promise", "Promise to pay falls due"),
    ("plan", "Payment plan being honoured"),
    ("cut", "Supply cut allowed"),
    ("cut_pending", "Cut with the distributor"),
    ("termination", "Termination for non-payment allowed"),
    ("termination_pending", "Termination with the distributor"),
    ("reconnection", "Reconnection due"),
    ("none", "Nothing to do"),
]
# Columns the refresh writes (everything but the collector and the chatter).
# Column: its SQL type (the upsert casts every value).
REFRESHED = {
    "partner_id": "int4",
    "company_id": "int4",
    "dunning_segment": "varchar",
    "has_debt": "bool",
    "amount_due": "numeric",
    "amount_not_due": "numeric",
    "amount_1_30": "numeric",
    "amount_31_60": "numeric",
    "amount_61_90": "numeric",
    "amount_over_90": "numeric",
    "invoice_count": "int4",
    "date_oldest_due": "date",
    "ageing": "varchar",
    "level": "int4",
    "notice_kind": "varchar",
    "date_last_step": "date",
    "promise_date": "date",
    "promise_amount": "numeric",
    "next_action": "varchar",
    "next_action_date": "date",
    "date_refreshed": "timestamp",
}
UNPAID = ("not_paid", "partial")


class EnergyDunningCase(models.Model):
    """The collections workspace: one row per supply contract with debt, its
    ageing, where it stands on the ladder and what comes next, the promises
    to pay, the notes (chatter) and the collector who works it. A read model
    refreshed in a few set-based queries (cron, button); only the collector
    and the notes are edited by users."""

    _name = "energy.dunning.case"
    _description = "Collections Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "amount_over_90 desc, amount_due desc, id"
    _rec_name = "contract_id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "energy.contract",
        string="Supply Contract",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        index=True,
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("energy_base.group_energy_collections").id)
        ],
    )
    dunning_segment = fields.Selection(
        SEGMENTS, string="Segment", readonly=True, index=True
    )
    has_debt = fields.Boolean(readonly=True, index=True)
    amount_due = fields.Monetary(string="Debt", readonly=True)
    amount_not_due = fields.Monetary(string="Not Yet Due", readonly=True)
    amount_1_30 = fields.Monetary(string="1-30 Days", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    amount_over_90 = fields.Monetary(string="Over 90 Days", readonly=True)
    invoice_count = fields.Integer(string="Unpaid Invoices", readonly=True)
    date_oldest_due = fields.Date(string="Oldest Due Date", readonly=True, index=True)
    ageing = fields.Selection(
        AGEING,
        readonly=True,
        index=True,
        help="Bucket of the oldest unpaid invoice by days past its due date.",
    )
    level = fields.Integer(string="Ladder Level", readonly=True, index=True)
    notice_kind = fields.Selection(
        NOTICE_KINDS, string="Procedure Step", readonly=True, index=True
    )
    date_last_step = fields.Date(string="Last Step On", readonly=True)
    promise_date = fields.Date(
        string="Promise Due", readonly=True, index=True, help="Pending promise to pay."
    )
    promise_amount = fields.Monetary(string="Promised", readonly=True)
    next_action = fields.Selection(NEXT_ACTIONS, readonly=True, index=True)
    next_action_date = fields.Date(readonly=True, index=True)
    date_refreshed = fields.Datetime(string="Refreshed On", readonly=True)

    _sql_constraints = [
        ("contract_uniq", "UNIQUE(contract_id)", "One collections case per contract."),
    ]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def write(self, vals):
        """Users assign the collector; the figures are the refresh's."""
        computed = ({"contract_id"} | set(REFRESHED)) & set(vals)
        if computed:
            raise UserError(
                self.env._(
                    "%(fields)s are computed by the refresh of the workspace and "
                    "cannot be edited.",
                    fields=", ".join(
                        sorted(
                            self._fields[f]._description_string(self.env)
                            for f in computed
                        )
                    ),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    @api.model
    def action_refresh(self):
        self.check_access("read")
        self._refresh()
        return {"type": "ir.actions.client", "tag": "reload"}

    def action_open_promises(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Promises to Pay"),
            "res_model": "energy.dunning.promise",
            "view_mode": "list,form",
            "domain": [("contract_id", "=", self.contract_id.id)],
            "context": {"default_contract_id": self.contract_id.id},
        }

    def action_open_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.contract",
            "res_id": self.contract_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business methods: the refresh
    # ------------------------------------------------------------------

    @api.model
    def _cron_refresh(self):
        self._refresh()

    @api.model
    def _refresh(self, today=None):
        """Recompute every case from the invoices, the dunning lines, the
        promises, the plans and the cut requests: set-based queries and one
        upsert per thousand contracts, whatever their number."""
        today = today or fields.Date.context_today(self)
        debts = self._refresh_debts(today)
        contract_ids = list(debts)
        steps = self._refresh_steps(contract_ids)
        promises = self._refresh_promises(contract_ids)
        plans = self._refresh_plans(contract_ids)
        cuts = self._refresh_cuts(contract_ids)
        levels = self._refresh_levels()
        policies = self.env["credit.control.policy"]._energy_policies_by_segment(
            self.env.company
        )
        now = fields.Datetime.now()
        rows = []
        for contract_id, debt in debts.items():
            step = steps.get(contract_id, {})
            promise = promises.get(contract_id)
            action, action_date = self._refresh_next_action(
                debt,
                step,
                promise,
                contract_id in plans,
                cuts.get(contract_id),
                levels,
                policies.get(debt["dunning_segment"]),
            )
            rows.append(
                {
                    **debt,
                    "has_debt": True,
                    "level": step.get("level", 0),
                    "notice_kind": step.get("notice_kind"),
                    "date_last_step": step.get("date"),
                    "promise_date": promise and promise[0],
                    "promise_amount": promise and promise[1] or 0.0,
                    "next_action": action,
                    "next_action_date": action_date,
                    "date_refreshed": now,
                }
            )
        self._refresh_upsert(rows)
        self.env.cr.execute(
            SQL(
                """UPDATE energy_dunning_case
                      SET has_debt = FALSE, amount_due = 0, amount_not_due = 0,
                          amount_1_30 = 0, amount_31_60 = 0, amount_61_90 = 0,
                          amount_over_90 = 0, invoice_count = 0, ageing = NULL,
                          level = 0, notice_kind = NULL, next_action = 'none',
                          next_action_date = NULL, promise_date = NULL,
                          promise_amount = 0, date_refreshed = %s
                    WHERE has_debt AND NOT (contract_id = ANY(%s))""",
                now,
                contract_ids,
            )
        )
        self.invalidate_model()
        return len(rows)

    @api.model
    def _refresh_debts(self, today):
        """{contract id: debt values} of contracts with unpaid posted customer
        invoices: the debt, its ageing buckets, the oldest due date (one
        query)."""
        limits = [today - datetime.timedelta(days=days) for days in (0, 30, 60, 90)]
        self.env["account.move"].flush_model()
        self.env["energy.contract"].flush_model(
            ["partner_id", "company_id", "dunning_segment"]
        )
        residual = SQL("m.amount_residual_signed")
        self.env.cr.execute(
            SQL(
                """SELECT m.energy_contract_id, c.partner_id, c.company_id,
                          c.dunning_segment, COUNT(*),
                          SUM(%(residual)s),
                          SUM(%(residual)s) FILTER (WHERE m.invoice_date_due >= %(d0)s),
                          SUM(%(residual)s) FILTER (WHERE m.invoice_date_due < %(d0)s
                                                    AND m.invoice_date_due >= %(d30)s),
                          SUM(%(residual)s) FILTER (WHERE m.invoice_date_due < %(d30)s
                                                    AND m.invoice_date_due >= %(d60)s),
                          SUM(%(residual)s) FILTER (WHERE m.invoice_date_due < %(d60)s
                                                    AND m.invoice_date_due >= %(d90)s),
                          SUM(%(residual)s) FILTER (WHERE m.invoice_date_due < %(d90)s),
                          MIN(m.invoice_date_due)
                     FROM account_move m
                     JOIN energy_contract c ON c.id = m.energy_contract_id
                    WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                      AND m.payment_state IN %(unpaid)s
                 GROUP BY m.energy_contract_id, c.partner_id, c.company_id,
                          c.dunning_segment""",
                residual=residual,
                d0=limits[0],
                d30=limits[1],
                d60=limits[2],
                d90=limits[3],
                unpaid=UNPAID,
            )
        )
        debts = {}
        for row in self.env.cr.fetchall():
            (contract_id, partner_id, company_id, segment, count, total) = row[:6]
            buckets = [amount or 0.0 for amount in row[6:11]]
            oldest = row[11]
            days = (today - oldest).days if oldest else 0
            if days <= 0:
                ageing = "not_due"
            elif days <= 30:
                ageing = "1_30"
            elif days <= 60:
                ageing = "31_60"
            elif days <= 90:
                ageing = "61_90"
            else:
                ageing = "over_90"
            debts[contract_id] = {
                "contract_id": contract_id,
                "partner_id": partner_id,
                "company_id": company_id,
                "dunning_segment": segment,
                "invoice_count": count,
                "amount_due": total or 0.0,
                "amount_not_due": buckets[0],
                "amount_1_30": buckets[1],
                "amount_31_60": buckets[2],
                "amount_61_90": buckets[3],
                "amount_over_90": buckets[4],
                "date_oldest_due": oldest,
                "ageing": ageing,
            }
        return debts

    @api.model
    def _refresh_steps(self, contract_ids):
        """{contract id: the highest ladder step done for its unpaid invoices}
        (one query)."""
        self.env["credit.control.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (l.energy_contract_id)
                          l.energy_contract_id, l.level, l.energy_notice_kind,
                          l.date, l.policy_id, l.energy_date_served,
                          l.energy_date_cut_allowed, l.state
                     FROM credit_control_line l
                     JOIN account_move m ON m.id = l.invoice_id
                    WHERE l.energy_contract_id = ANY(%s)
                      AND l.state IN ('to_be_sent', 'queued', 'sent')
                      AND m.payment_state IN %s
                 ORDER BY l.energy_contract_id, l.level DESC,
                          l.energy_date_served NULLS LAST, l.date DESC""",
                contract_ids,
                UNPAID,
            )
        )
        keys = (
            "level",
            "notice_kind",
            "date",
            "policy_id",
            "date_served",
            "date_cut_allowed",
            "state",
        )
        return {
            row[0]: dict(zip(keys, row[1:], strict=True))
            for row in self.env.cr.fetchall()
        }

    @api.model
    def _refresh_promises(self, contract_ids):
        """{contract id: (date, amount)} of the earliest pending promise."""
        groups = (
            self.env["energy.dunning.promise"]
            .sudo()
            ._read_group(
                [("contract_id", "in", contract_ids), ("state", "=", "pending")],
                ["contract_id"],
                ["date_promised:min", "amount:sum"],
            )
        )
        return {contract.id: (date, amount) for contract, date, amount in groups}

    @api.model
    def _refresh_plans(self, contract_ids):
        groups = (
            self.env["energy.dunning.plan"]
            .sudo()
            ._read_group(
                [("contract_id", "in", contract_ids), ("state", "=", "active")],
                ["contract_id"],
            )
        )
        return {contract.id for (contract,) in groups}

    @api.model
    def _refresh_cuts(self, contract_ids):
        """{contract id: (kind, date)}: the cut or termination for non-payment
        in progress or done, the reconnection due (two queries)."""
        Contract = self.env["energy.contract"].sudo()
        result = {}
        requests = Contract.search_fetch(
            [
                ("parent_contract_id", "in", contract_ids),
                ("termination_reason", "in", ("non_payment_cut", "non_payment")),
                ("state", "in", ("submitted", "accepted", "incident", "active")),
            ],
            ["parent_contract_id", "termination_reason", "state", "date_activated"],
            order="id",
        )
        for request in requests:
            parent = request.parent_contract_id
            if request.termination_reason == "non_payment":
                result[parent.id] = ("termination_pending", None)
            elif request.state != "active":
                result.setdefault(parent.id, ("cut_pending", None))
            elif parent.supply_point_id.date_cut_for_debt:
                point = parent.supply_point_id
                if point.date_reconnection_due:
                    result[parent.id] = (
                        "reconnection",
                        point.date_reconnection_due.date(),
                    )
                else:
                    result.setdefault(parent.id, ("cut_done", point.date_cut_for_debt))
        return result

    @api.model
    def _refresh_levels(self):
        """{(policy id, level): level} of every ladder (one query)."""
        levels = (
            self.env["credit.control.policy.level"]
            .sudo()
            .search([("policy_id.energy_segment", "!=", False)])
        )
        return {(level.policy_id.id, level.level): level for level in levels}

    @api.model
    def _refresh_next_action(self, debt, step, promise, plan, cut, levels, policy):
        """(next action, its date) of one contract, from what the refresh
        read: no query."""
        if cut:
            kind, date = cut
            if kind == "cut_done":
                months = policy.energy_termination_wait_months if policy else 2
                return "termination", date + relativedelta(months=months)
            return kind, date
        if promise:
            return "promise", promise[0]
        if plan:
            return "plan", None
        if step.get("notice_kind") == "requerimiento":
            if step.get("date_served"):
                return "cut", step["date_cut_allowed"]
            return "serve", step["date"]
        if step.get("notice_kind") == "nonpayment_notice" and not step.get(
            "date_served"
        ):
            return "serve", step["date"]
        if step.get("notice_kind") == "cut":
            return "cut_pending", None
        if step:
            level = levels.get((step["policy_id"], step["level"] + 1))
            if not level:
                return "none", None
            return "level", self._refresh_level_date(level, step["date"], debt)
        level = policy and levels.get((policy.id, 1))
        if not level or not debt["date_oldest_due"]:
            return "none", None
        return "level", self._refresh_level_date(level, None, debt)

    @api.model
    def _refresh_level_date(self, level, previous_date, debt):
        """The earliest date of `level` as OCA computes it."""
        due = debt["date_oldest_due"]
        if level.computation_mode == "previous_date" and previous_date:
            return previous_date + datetime.timedelta(days=level.delay_days)
        if level.computation_mode == "end_of_month":
            return due + relativedelta(day=31, days=level.delay_days)
        return due + datetime.timedelta(days=level.delay_days)

    @api.model
    def _refresh_upsert(self, rows):
        """Insert the new cases and update the others, a thousand per query;
        a new case takes the collector of the customer's other cases or the
        customer's payment responsible (OCA)."""
        uid = self.env.uid
        types = {"contract_id": "int4", **REFRESHED}
        columns = list(types)
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            values = SQL(", ").join(
                SQL(
                    "(%s)",
                    SQL(", ").join(
                        SQL(f"%s::{types[column]}", row.get(column))
                        for column in columns
                    ),
                )
                for row in chunk
            )
            self.env.cr.execute(
                SQL(
                    """INSERT INTO energy_dunning_case
                              (%(columns)s, user_id, create_uid, write_uid,
                               create_date, write_date)
                       SELECT v.*,
                              COALESCE(
                                  (SELECT o.user_id FROM energy_dunning_case o
                                    WHERE o.partner_id = v.partner_id
                                      AND o.user_id IS NOT NULL LIMIT 1),
                                  p.payment_responsible_id),
                              %(uid)s, %(uid)s, NOW() AT TIME ZONE 'UTC',
                              NOW() AT TIME ZONE 'UTC'
                         FROM (VALUES %(values)s) AS v(%(columns)s)
                         LEFT JOIN res_partner p ON p.id = v.partner_id
                  ON CONFLICT (contract_id) DO UPDATE SET %(updates)s,
                              write_uid = EXCLUDED.write_uid,
                              write_date = EXCLUDED.write_date""",
                    columns=SQL(", ").join(SQL.identifier(c) for c in columns),
                    uid=uid,
                    values=values,
                    updates=SQL(", ").join(
                        SQL("%s = EXCLUDED.%s", SQL.identifier(c), SQL.identifier(c))
                        for c in REFRESHED
                    ),
                )
            )

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------

    @api.model
    def _demo_generate(self):
        """Customers at every level of the ladder (demo/dunning_demo.py)."""
        from ..demo import dunning_demo

        dunning_demo.generate(self.env)
