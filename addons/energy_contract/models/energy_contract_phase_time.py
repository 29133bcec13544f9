# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import sql as pgsql

from odoo import api, fields, models

from .energy_contract import BLOCKING_PARTIES, STATES


class EnergyContractPhaseTime(models.Model):
    """Time a request spent in a phase while one party held the ball, over its
    whole life (re-entering a phase adds to the same row), for reports."""

    _name = "energy.contract.phase.time"
    _inherit = ["energy.contract.log.mixin"]
    _description = "Time per Phase and Blocking Party"
    _order = "contract_id, state"

    contract_id = fields.Many2one(
        "energy.contract", required=True, ondelete="cascade", index=True
    )
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
    def _add_time(self, increments):
        """Add hours to rows keyed (contract id, state, party), creating the
        missing ones: a single upsert."""
        if not increments:
            return
        contracts = self.env["energy.contract"].browse({key[0] for key in increments})
        by_id = {contract.id: contract for contract in contracts}
        rows = []
        for (contract_id, state, party), hours in increments.items():
            contract = by_id[contract_id]
            rows.append(
                {
                    "contract_id": contract_id,
                    "company_id": contract.company_id.id,
                    "request_type": contract.request_type,
                    "channel_id": contract.channel_id.id,
                    "distributor_id": contract.distributor_id.id,
                    "state": state,
                    "blocking_party": party,
                    "hours": hours,
                    "days": hours / 24.0,
                    "visits": 1,
                }
            )
        self._insert_rows(
            rows,
            conflict=pgsql.SQL(
                "ON CONFLICT (contract_id, state, blocking_party) DO UPDATE SET "
                "hours = {table}.hours + EXCLUDED.hours, "
                "days = ({table}.hours + EXCLUDED.hours) / 24.0, "
                "visits = {table}.visits + 1, "
                "write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date"
            ).format(table=pgsql.Identifier(self._table)),
        )
        contracts.invalidate_recordset(["phase_time_ids"])
