# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

from .energy_contract import BLOCKING_PARTIES
from .lifecycle import STATES


class EnergyContractPhaseTime(models.Model):
    """Time a request spent in a phase while one party held the ball, over its
    whole life (re-entering a phase adds to the same row), for reports."""

    _name = "energy.contract.phase.time"
    _description = "Time per Phase and Blocking Party"
    _order = "contract_id, state"

    # searched by request through the unique index, which starts with it
    contract_id = fields.Many2one("energy.contract", required=True, ondelete="cascade")
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    request_type = fields.Selection(related="contract_id.request_type", store=True)
    channel_id = fields.Many2one(related="contract_id.channel_id", store=True)
    distributor_id = fields.Many2one(related="contract_id.distributor_id", store=True)
    state = fields.Selection(STATES, string="Phase", required=True, index=True)
    blocking_party = fields.Selection(
        [*BLOCKING_PARTIES, ("none", "Nobody")], string="Ball With", required=True
    )
    hours = fields.Float(digits=(16, 2), aggregator="sum")
    days = fields.Float(
        compute="_compute_days", store=True, digits=(16, 2), aggregator="sum"
    )
    visits = fields.Integer(help="How many clock segments were added to this row.")

    _sql_constraints = [
        (
            "unique_row",
            "UNIQUE (contract_id, state, blocking_party)",
            "One row per request, phase and blocking party.",
        ),
    ]

    @api.depends("hours")
    def _compute_days(self):
        for row in self:
            row.days = row.hours / 24.0

    @api.model
    def _add_time_until(self, contracts, now):
        """Add, for each request, the time from the start of its clock (the
        last change of hands or of phase) to `now` to the row of its phase and
        blocking party, creating the missing rows: a single upsert computed
        from the requests' rows."""
        if not contracts:
            return
        contracts.flush_recordset(
            [
                "company_id",
                "request_type",
                "channel_id",
                "distributor_id",
                "state",
                "state_date",
                "blocking_party",
                "blocking_since",
            ]
        )
        self.flush_model()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO energy_contract_phase_time AS t (
                    contract_id, company_id, request_type, channel_id,
                    distributor_id, state, blocking_party, hours, days, visits,
                    create_uid, create_date, write_uid, write_date)
                SELECT id, company_id, request_type, channel_id, distributor_id,
                       state, COALESCE(blocking_party, 'none'), hours,
                       hours / 24.0, 1, %(uid)s, %(stamp)s, %(uid)s, %(stamp)s
                  FROM (
                    SELECT *, GREATEST(EXTRACT(EPOCH FROM %(now)s
                               - COALESCE(blocking_since, state_date)), 0)
                               / 3600.0 AS hours
                      FROM energy_contract
                     WHERE id = ANY(%(ids)s)
                       AND COALESCE(blocking_since, state_date) IS NOT NULL
                  ) c
                ON CONFLICT (contract_id, state, blocking_party) DO UPDATE SET
                    hours = t.hours + EXCLUDED.hours,
                    days = (t.hours + EXCLUDED.hours) / 24.0,
                    visits = t.visits + 1,
                    write_uid = EXCLUDED.write_uid,
                    write_date = EXCLUDED.write_date
                """,
                uid=self.env.uid,
                stamp=self.env.cr.now(),
                now=now,
                ids=contracts.ids,
            )
        )
        self.invalidate_model()
        contracts.invalidate_recordset(["phase_time_ids"])
