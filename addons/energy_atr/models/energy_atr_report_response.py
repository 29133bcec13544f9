# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .energy_atr_case import ATR_PROCESSES


class EnergyAtrReportResponse(models.Model):
    """How fast each distributor answers: one row per message we sent on a
    case (a SQL view), with the distributor's next message on the same case
    and the time in between. Average, median and P90 per distributor,
    process and step come from grouping it in the pivot or graph; messages
    still unanswered count but have no time."""

    _name = "energy.atr.report.response"
    _inherit = ["energy.percentile.report.mixin"]
    _description = "Switching Response Times per Distributor"
    _auto = False
    _rec_name = "message_id"
    _order = "date_sent desc, id desc"
    _depends = {
        "energy.atr.case": ["company_id", "distributor_id", "process"],
        "energy.atr.message": ["case_id", "direction", "state", "step", "date"],
    }

    message_id = fields.Many2one(
        "energy.atr.message", string="Our Message", readonly=True
    )
    answer_id = fields.Many2one(
        "energy.atr.message", string="Distributor Answer", readonly=True
    )
    case_id = fields.Many2one("energy.atr.case", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    process = fields.Selection(ATR_PROCESSES, readonly=True)
    step = fields.Char(string="Our Step", readonly=True)
    answer_step = fields.Char(readonly=True)
    date_sent = fields.Datetime(string="Sent On", readonly=True)
    date_answered = fields.Datetime(string="Answered On", readonly=True)
    answered_count = fields.Integer(string="Answered", readonly=True)
    response_days = fields.Float(
        string="Response Days (average)",
        digits=(16, 2),
        aggregator="avg",
        readonly=True,
        help="Days (with fractions) from the date of our message to the date of "
        "the distributor's next message on the case.",
    )
    response_days_p50 = fields.Float(
        string="Response Days (median)",
        digits=(16, 2),
        aggregator="p50",
        readonly=True,
        help="Half of the answers came within this many days.",
    )
    response_days_p90 = fields.Float(
        string="Response Days (P90)",
        digits=(16, 2),
        aggregator="p90",
        readonly=True,
        help="Nine answers in ten came within this many days.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        days = SQL("EXTRACT(EPOCH FROM (a.date - o.date)) / 86400.0")
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT o.id AS id,
                           o.id AS message_id,
                           a.id AS answer_id,
                           o.case_id,
                           c.company_id,
                           c.distributor_id,
                           c.process,
                           o.step,
                           a.step AS answer_step,
                           o.date AS date_sent,
                           a.date AS date_answered,
                           CASE WHEN a.id IS NULL THEN 0 ELSE 1 END AS answered_count,
                           %(days)s AS response_days,
                           %(days)s AS response_days_p50,
                           %(days)s AS response_days_p90
                      FROM energy_atr_message o
                      JOIN energy_atr_case c ON c.id = o.case_id
                      LEFT JOIN LATERAL (
                          SELECT i.id, i.step, i.date
                            FROM energy_atr_message i
                           WHERE i.case_id = o.case_id
                             AND i.direction = 'in'
                             AND i.state = 'applied'
                             AND i.date >= o.date
                           ORDER BY i.date, i.id
                           LIMIT 1
                      ) a ON TRUE
                     WHERE o.direction = 'out'
                       AND o.date IS NOT NULL
                )
                """,
                view=SQL.identifier(self._table),
                days=days,
            )
        )
