# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .energy_contract import BLOCKING_PARTIES, STATES


class EnergyContractPhaseTime(models.Model):
    """Time a request spent in a phase while one party held the ball, over its
    whole life (re-entering a phase adds to the same row), for reports."""

    _name = "energy.contract.phase.time"
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
        missing ones: one search, grouped writes, one create."""
        if not increments:
            return
        rows = self.search(
            [("contract_id", "in", list({key[0] for key in increments}))]
        )
        existing = {(r.contract_id.id, r.state, r.blocking_party): r for r in rows}
        to_create = []
        for key, hours in increments.items():
            row = existing.get(key)
            if row:
                row.sudo().write({"hours": row.hours + hours, "visits": row.visits + 1})
            else:
                to_create.append(
                    {
                        "contract_id": key[0],
                        "state": key[1],
                        "blocking_party": key[2],
                        "hours": hours,
                        "visits": 1,
                    }
                )
        self.sudo().create(to_create)
