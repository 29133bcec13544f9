# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .energy_atr_case import ATR_PROCESSES


class EnergyAtrReportRejection(models.Model):
    """Rejections by reason (CNMC table 27): one row per reason of each
    rejection the distributors sent us (a SQL view over the received
    messages), whichever the step (02, late 04, answer to a cancellation)."""

    _name = "energy.atr.report.rejection"
    _description = "Switching Rejections by Reason"
    _auto = False
    _rec_name = "reason_id"
    _order = "date desc, id desc"
    _depends = {
        "energy.atr.case": ["company_id", "distributor_id", "process"],
        "energy.atr.message": [
            "case_id",
            "direction",
            "step",
            "date",
            "reject_reason_ids",
        ],
    }

    message_id = fields.Many2one("energy.atr.message", readonly=True)
    case_id = fields.Many2one("energy.atr.case", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    process = fields.Selection(ATR_PROCESSES, readonly=True)
    step = fields.Char(readonly=True)
    reason_id = fields.Many2one(
        "energy.atr.reject.reason", string="Rejection Reason", readonly=True
    )
    date = fields.Datetime(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT ROW_NUMBER() OVER (ORDER BY r.message_id, r.reason_id) AS id,
                           r.message_id,
                           m.case_id,
                           c.company_id,
                           c.distributor_id,
                           c.process,
                           m.step,
                           r.reason_id,
                           m.date
                      FROM energy_atr_message_reject_rel r
                      JOIN energy_atr_message m ON m.id = r.message_id
                      JOIN energy_atr_case c ON c.id = m.case_id
                     WHERE m.direction = 'in'
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
