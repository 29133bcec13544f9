# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.crm_phonecall import OUTCOMES


class EnergySalesCallReport(models.Model):
    """Call outcomes, one row per call (a SQL view over the calls and their
    leads), by agent, team, campaign, source, channel and day."""

    _name = "energy.sales.call.report"
    _description = "Sales Call Outcomes"
    _auto = False
    _rec_name = "call_id"
    _order = "date desc, id desc"
    _depends = {
        "crm.phonecall": [
            "opportunity_id",
            "date",
            "user_id",
            "team_id",
            "company_id",
            "outcome",
            "direction",
            "duration",
        ],
        "crm.lead": [
            "user_id",
            "team_id",
            "company_id",
            "campaign_id",
            "source_id",
            "medium_id",
            "channel_id",
        ],
    }

    call_id = fields.Many2one("crm.phonecall", readonly=True)
    lead_id = fields.Many2one("crm.lead", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    channel_id = fields.Many2one("res.partner", readonly=True)
    date = fields.Datetime(readonly=True)
    direction = fields.Selection(
        [("in", "Inbound"), ("out", "Outbound")], readonly=True
    )
    outcome = fields.Selection(OUTCOMES, readonly=True)
    call_count = fields.Integer(string="Calls", readonly=True)
    duration = fields.Float(
        string="Duration (min, average)", aggregator="avg", readonly=True
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT p.id AS id,
                           p.id AS call_id,
                           p.opportunity_id AS lead_id,
                           COALESCE(p.company_id, l.company_id) AS company_id,
                           COALESCE(p.user_id, l.user_id) AS user_id,
                           COALESCE(p.team_id, l.team_id) AS team_id,
                           l.campaign_id,
                           l.source_id,
                           l.medium_id,
                           l.channel_id,
                           p.date,
                           p.direction,
                           p.outcome,
                           1 AS call_count,
                           p.duration
                      FROM crm_phonecall p
                      LEFT JOIN crm_lead l ON l.id = p.opportunity_id
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
