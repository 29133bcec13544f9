# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

from .energy_contract import REQUEST_TYPES
from .lifecycle import STATES

# The SLA figures of a visit, computed by `_timing_sql` only.
TIMING_COLUMNS = ("has_deadline", "on_time", "sla_compliance", "hours", "hours_late")


class EnergyContractPhaseVisit(models.Model):
    """One passage of a request through a phase, written when the request
    leaves it: when it entered, when it left, the deadline it had and whether
    it left in time. SLA compliance per phase is the share of visits with a
    deadline that were left on time.

    Rows are a log: created by the transition (in batch), never edited by
    users. The request's type, channel and distributor are copied as they were
    when the request left the phase."""

    _name = "energy.contract.phase.visit"
    _description = "Phase Visit of a Contract Request"
    _order = "date_left desc, id desc"

    contract_id = fields.Many2one(
        "energy.contract",
        string="Request",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    # a row per phase change: only what reports filter on selectively is
    # indexed (each index is paid by every transition)
    request_type = fields.Selection(REQUEST_TYPES, readonly=True)
    channel_id = fields.Many2one("res.partner", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    state = fields.Selection(
        STATES, string="Phase", required=True, index=True, readonly=True
    )
    date_entered = fields.Datetime(string="Entered On", required=True, readonly=True)
    date_left = fields.Datetime(
        string="Left On", required=True, index=True, readonly=True
    )
    deadline = fields.Datetime(readonly=True)
    has_deadline = fields.Boolean(
        readonly=True,
        help="The phase had a target duration when the request went through it.",
    )
    on_time = fields.Boolean(
        string="Left On Time",
        readonly=True,
        help="The request left the phase before its deadline (or the phase has "
        "no deadline).",
    )
    sla_compliance = fields.Float(
        string="SLA Compliance (%)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="100 for a visit left on time, 0 for a late one: averaged over "
        "visits, the share left on time.",
    )
    hours = fields.Float(
        string="Hours in Phase", readonly=True, digits=(16, 2), aggregator="avg"
    )
    hours_late = fields.Float(
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="How long after the deadline the request left the phase; zero when "
        "it left on time.",
    )

    @api.model
    def _timing_sql(self, entered, left, deadline):
        """The SLA figures of a visit as SQL expressions of its entry, exit
        and deadline, in the order of TIMING_COLUMNS: the one computation of
        them, used when a transition records visits and when the demo dates
        its visits back. Stored with the visit (a log row: plain values are
        cheaper to insert by the thousand than computed fields)."""
        on_time = SQL("(%s IS NULL OR %s <= %s)", deadline, left, deadline)
        return SQL(
            "%(deadline)s IS NOT NULL, %(on_time)s, "
            "CASE WHEN %(on_time)s THEN 100.0 ELSE 0.0 END, "
            "GREATEST(EXTRACT(EPOCH FROM %(left)s - %(entered)s), 0) / 3600.0, "
            "CASE WHEN %(on_time)s THEN 0.0 "
            "ELSE EXTRACT(EPOCH FROM %(left)s - %(deadline)s) / 3600.0 END",
            deadline=deadline,
            on_time=on_time,
            left=left,
            entered=entered,
        )

    def _recompute_timing(self):
        """Recompute the SLA figures of these visits from their stored entry,
        exit and deadline (after the demo dated them back)."""
        if not self:
            return
        self.flush_recordset(["date_entered", "date_left", "deadline"])
        self.env.cr.execute(
            SQL(
                "UPDATE energy_contract_phase_visit SET (%s) = (%s) WHERE id = ANY(%s)",
                SQL(", ").join(map(SQL.identifier, TIMING_COLUMNS)),
                self._timing_sql(
                    SQL.identifier("date_entered"),
                    SQL.identifier("date_left"),
                    SQL.identifier("deadline"),
                ),
                self.ids,
            )
        )
        self.invalidate_recordset(list(TIMING_COLUMNS))

    @api.model
    def _record(self, contracts, date_left):
        """One visit per request of `contracts` leaving its current phase at
        `date_left`, with its SLA figures (see `_timing_sql`): a single
        INSERT ... SELECT from the requests' rows."""
        if not contracts:
            return self.browse()
        contracts.flush_recordset(
            [
                "company_id",
                "request_type",
                "channel_id",
                "distributor_id",
                "state",
                "state_date",
                "phase_deadline",
            ]
        )
        now = self.env.cr.now()
        left = SQL("%s::timestamp", date_left)
        rows = self.env.execute_query(
            SQL(
                """
                WITH leaving AS (
                    SELECT id, company_id, request_type, channel_id,
                           distributor_id, state,
                           COALESCE(state_date, %(left)s) AS entered,
                           phase_deadline AS deadline
                      FROM energy_contract
                     WHERE id = ANY(%(ids)s)
                )
                INSERT INTO energy_contract_phase_visit (
                    contract_id, company_id, request_type, channel_id,
                    distributor_id, state, date_entered, date_left, deadline,
                    %(timing_columns)s,
                    create_uid, create_date, write_uid, write_date)
                SELECT id, company_id, request_type, channel_id, distributor_id,
                       state, entered, %(left)s, deadline, %(timing)s,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM leaving
                 ORDER BY id
                RETURNING id
                """,
                left=left,
                ids=contracts.ids,
                timing_columns=SQL(", ").join(map(SQL.identifier, TIMING_COLUMNS)),
                timing=self._timing_sql(
                    SQL.identifier("entered"), left, SQL.identifier("deadline")
                ),
                uid=self.env.uid,
                now=now,
            )
        )
        self.invalidate_model()
        contracts.invalidate_recordset(["phase_visit_ids"])
        return self.browse([row[0] for row in rows])


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    phase_visit_ids = fields.One2many(
        "energy.contract.phase.visit",
        "contract_id",
        string="Phase Visits",
        readonly=True,
    )

    def _leave_phase(self, now):
        """Record the visit of the phase being left, with its deadline, before
        the transition overwrites the phase clock."""
        self.env["energy.contract.phase.visit"]._record(self, now)
        return super()._leave_phase(now)
