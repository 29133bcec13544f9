# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, create_index

from .crm_phonecall import OUTCOMES

# The order of an agent's day: call-backs due, leads never called, retries.
QUEUE_REASONS = [
    ("call_back", "Call-back due"),
    ("new", "Not called yet"),
    ("retry", "Retry after no answer"),
]
QUEUE_SEQUENCE = {"call_back": 1, "new": 2, "retry": 3}
# Who took a lead is written by Next Call and by the logged call only.
TAKEN_FIELDS = ("queue_taken_by_id", "queue_taken_at")


class CrmLead(models.Model):
    """Agents' daily call queue: what to call next, in order, and who took
    each lead. Only leads whose call permission is recorded (RD 88/2026)
    ever enter the queue."""

    _inherit = "crm.lead"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    call_count = fields.Integer(
        string="Calls",
        compute="_compute_call_queue",
        store=True,
        help="Calls logged on the lead, both directions.",
    )
    no_answer_count = fields.Integer(
        string="Calls Without Answer", compute="_compute_call_queue", store=True
    )
    last_call_date = fields.Datetime(
        compute="_compute_call_queue", store=True, index="btree_not_null"
    )
    last_call_outcome = fields.Selection(
        OUTCOMES, compute="_compute_call_queue", store=True, index="btree_not_null"
    )
    next_call_at = fields.Datetime(
        compute="_compute_call_queue",
        store=True,
        index="btree_not_null",
        help="When the lead is due in its agent's call queue; empty when it is "
        "not in the queue.",
    )
    queue_reason = fields.Selection(
        QUEUE_REASONS,
        string="In the Queue As",
        compute="_compute_call_queue",
        store=True,
    )
    queue_sequence = fields.Integer(compute="_compute_call_queue", store=True)
    queue_taken_by_id = fields.Many2one(
        "res.users",
        string="Taken By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The agent who took the lead with Next Call and has not logged the "
        "call yet.",
    )
    queue_taken_at = fields.Datetime(string="Taken At", readonly=True, copy=False)

    def init(self):
        res = super().init()
        # What Next Call and My Queue filter and order on, for one agent.
        create_index(
            self.env.cr,
            "crm_lead_call_queue_index",
            self._table,
            ["user_id", "queue_sequence", "next_call_at"],
            where="next_call_at IS NOT NULL",
        )
        return res

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends(
        "phonecall_ids.date",
        "phonecall_ids.outcome",
        "can_call",
        "consent_date",
        "active",
        "stage_id.is_won",
        "team_id.call_retry_hours",
        "team_id.call_retry_max",
    )
    def _compute_call_queue(self):
        # New leads (computed before their insertion) have no call yet; a
        # lead edited in a form reads the calls of its saved record.
        saved_ids = [lead_id for lead_id in self._origin.ids if lead_id]
        calls_by_lead = {}
        if saved_ids:
            calls = (
                self.env["crm.phonecall"]
                .sudo()
                .search_fetch(
                    [("opportunity_id", "in", saved_ids)],
                    ["opportunity_id", "date", "outcome", "date_call_back"],
                    order="date, id",
                )
            )
            for call in calls:
                calls_by_lead.setdefault(call.opportunity_id.id, []).append(call)
        for lead in self:
            calls = calls_by_lead.get(lead._origin.id, [])
            last = calls[-1] if calls else None
            no_answer = sum(1 for call in calls if call.outcome == "no_answer")
            reason, when = lead._queue_position(last, no_answer)
            lead.update(
                {
                    "call_count": len(calls),
                    "no_answer_count": no_answer,
                    "last_call_date": last.date if last else False,
                    "last_call_outcome": last.outcome if last else False,
                    "next_call_at": when,
                    "queue_reason": reason,
                    "queue_sequence": QUEUE_SEQUENCE.get(reason, 0),
                }
            )

    def _queue_position(self, last_call, no_answer_count):
        """(reason, due at) of the lead in the call queue, (False, False) when
        it does not belong there."""
        self.ensure_one()
        if not (self.can_call and self.active) or self.stage_id.is_won:
            return False, False
        if not last_call:
            return "new", self.consent_date
        if last_call.outcome == "call_back" and last_call.date_call_back:
            return "call_back", last_call.date_call_back
        team = self.team_id
        retry_max = team.call_retry_max if team else 3
        retry_hours = team.call_retry_hours if team else 4
        if last_call.outcome == "no_answer" and no_answer_count < retry_max:
            return "retry", last_call.date + timedelta(hours=retry_hours)
        return False, False

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    def write(self, vals):
        if not self.env.su and any(fname in vals for fname in TAKEN_FIELDS):
            raise AccessError(
                self.env._("A lead is taken with Next Call, and released by its call.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    @api.model
    def action_my_queue(self):
        """The current agent's work of today, in order."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_sales.crm_lead_action_my_queue"
        )
        action["domain"] = self._queue_domain(self.env.user) + [
            ("next_call_at", "<=", self._end_of_today())
        ]
        return action

    def action_next_call(self):
        """Take the next lead due in the current agent's queue and open it
        (whatever record the button is pressed on).
        The lead is locked while it is taken (two agents pressing the button
        together never get the same lead) and marked as taken by the agent
        until a call is logged or the team's hold time runs out."""
        lead = self.browse()._take_next_call()
        if not lead:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._("Nothing to call now: your queue is empty."),
                    "sticky": False,
                },
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _queue_domain(self, user):
        """Leads of `user`'s queue: theirs, or unassigned in one of their
        teams, with a call permission recorded (the consent fields themselves
        are checked, not only the computed flag)."""
        return [
            ("next_call_at", "!=", False),
            ("can_call", "=", True),
            ("consent_basis", "!=", False),
            ("consent_date", "!=", False),
            ("consent_origin", "!=", False),
            "|",
            ("user_id", "=", user.id),
            "&",
            ("user_id", "=", False),
            ("team_id", "in", user.crm_team_ids.ids),
        ]

    @api.model
    def _take_next_call(self):
        """The next lead due for the current user, locked and marked taken."""
        user = self.env.user
        now = fields.Datetime.now()
        domain = self._queue_domain(user) + [
            ("next_call_at", "<=", now),
            "|",
            "|",
            ("queue_taken_by_id", "=", False),
            ("queue_taken_by_id", "=", user.id),
            ("queue_taken_at", "<", now - timedelta(minutes=self._claim_minutes())),
        ]
        # _search applies the user's record rules; SKIP LOCKED leaves a lead
        # another agent is taking right now to that agent.
        query = self._search(domain, order="queue_sequence, next_call_at, id", limit=1)
        rows = self.env.execute_query(
            SQL(
                "%s FOR UPDATE OF %s SKIP LOCKED",
                query.select(SQL.identifier(self._table, "id")),
                SQL.identifier(self._table),
            )
        )
        if not rows:
            return self.browse()
        lead = self.browse(rows[0][0])
        if not lead.user_id:
            lead.user_id = user
        # Trusted: the row is locked and in the user's queue.
        lead.sudo().write({"queue_taken_by_id": user.id, "queue_taken_at": now})
        return lead

    @api.model
    def _claim_minutes(self):
        teams = self.env.user.crm_team_ids
        return max(teams.mapped("call_claim_minutes") or [30])

    @api.model
    def _end_of_today(self):
        """The end of the user's day, in UTC as stored."""
        tz = pytz.timezone(self.env.user.tz or "Europe/Madrid")
        today = fields.Date.context_today(self)
        end = tz.localize(datetime.combine(today, time.max))
        return end.astimezone(pytz.utc).replace(tzinfo=None)
