# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .atr_lifecycle import CASE_STATES, WAITING_STATES
from .energy_atr_case import ATR_PROCESSES

# A request counts as accepted once the distributor accepted or activated it,
# even if it was cancelled later; a rejection (02 or late 04) wins.
ACCEPTED_STATES = ("accepted", "incident", "activated")
ACCEPTING_STEPS = ("02", "05")


class EnergyAtrReportCase(models.Model):
    """Our switching requests per distributor and process, one row per case
    sent (a SQL view over the cases): how many, how many accepted, rejected or
    still without an answer, and the acceptance and rejection rates over the
    answered ones."""

    _name = "energy.atr.report.case"
    _inherit = ["energy.percentile.report.mixin"]
    _description = "Switching Requests per Distributor"
    _auto = False
    _rec_name = "case_id"
    _order = "date_opened desc, id desc"
    _depends = {
        "energy.atr.case": [
            "company_id",
            "distributor_id",
            "process",
            "role",
            "state",
            "date_opened",
            "deadline",
            "claim_case_id",
        ],
        "energy.atr.message": ["case_id", "direction", "state", "step"],
    }

    case_id = fields.Many2one("energy.atr.case", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    process = fields.Selection(ATR_PROCESSES, readonly=True)
    state = fields.Selection(CASE_STATES, string="Status", readonly=True)
    date_opened = fields.Datetime(string="Opened On", readonly=True)
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    pending_count = fields.Integer(
        string="Without Answer",
        readonly=True,
        help="Requests neither accepted nor rejected yet.",
    )
    overdue_count = fields.Integer(
        string="Overdue",
        readonly=True,
        help="Requests whose distributor is late with the next step.",
    )
    claim_count = fields.Integer(
        string="Claimed",
        readonly=True,
        help="Requests the watchdog drafted an R1 claim for.",
    )
    acceptance_rate = fields.Float(
        string="Acceptance Rate (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Accepted requests among those the distributor answered.",
    )
    rejection_rate = fields.Float(
        string="Rejection Rate (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Rejected requests among those the distributor answered.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT c.id AS id,
                           c.id AS case_id,
                           c.company_id,
                           c.distributor_id,
                           c.process,
                           c.state,
                           c.date_opened,
                           d.accepted::int AS accepted_count,
                           d.rejected::int AS rejected_count,
                           (NOT d.accepted AND NOT d.rejected)::int AS pending_count,
                           CASE WHEN c.state IN %(waiting)s
                                 AND c.deadline < CURRENT_DATE
                                THEN 1 ELSE 0 END AS overdue_count,
                           CASE WHEN c.claim_case_id IS NOT NULL
                                THEN 1 ELSE 0 END AS claim_count,
                           CASE WHEN d.rejected THEN 0.0
                                WHEN d.accepted THEN 100.0 END AS acceptance_rate,
                           CASE WHEN d.rejected THEN 100.0
                                WHEN d.accepted THEN 0.0 END AS rejection_rate
                      FROM energy_atr_case c
                      CROSS JOIN LATERAL (
                          SELECT c.state = 'rejected' AS rejected,
                                 c.state <> 'rejected' AND (
                                     c.state IN %(accepted)s OR EXISTS (
                                         SELECT 1
                                           FROM energy_atr_message m
                                          WHERE m.case_id = c.id
                                            AND m.direction = 'in'
                                            AND m.state = 'applied'
                                            AND m.step IN %(accepting)s
                                            AND NOT EXISTS (
                                                SELECT 1
                                                  FROM energy_atr_message_reject_rel r
                                                 WHERE r.message_id = m.id
                                            )
                                     )
                                 ) AS accepted
                      ) d
                     WHERE c.role = 'requester'
                       AND c.state <> 'draft'
                )
                """,
                view=SQL.identifier(self._table),
                waiting=tuple(WAITING_STATES),
                accepted=ACCEPTED_STATES,
                accepting=ACCEPTING_STEPS,
            )
        )
