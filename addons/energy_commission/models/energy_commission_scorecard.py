# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .energy_commission_line import COMMISSIONED_TYPES


class EnergyCommissionScorecard(models.Model):
    """A channel's quality per month. The requests count in the month they
    were submitted (a cohort: what became of that month's sales), the
    commissions in the month they were earned or clawed back.

    Quality score: the share of the month's submissions that became supplies
    which lasted, i.e. 100 × (activations − withdrawals − early churn within
    12 months) / submissions. The rank orders the channels of a month."""

    _name = "energy.commission.scorecard"
    _description = "Channel Quality Scorecard"
    _auto = False
    _order = "month desc, rank, channel_id"
    _rec_name = "channel_id"
    _depends = {
        "energy.contract": [
            "channel_id",
            "company_id",
            "request_type",
            "state",
            "date_requested",
            "date_activated",
            "date_terminated",
            "parent_contract_id",
        ],
        "helpdesk.ticket": ["contract_id"],
        "energy.commission.line": [
            "channel_id",
            "company_id",
            "line_type",
            "state",
            "amount",
            "date_earned",
        ],
    }

    channel_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(readonly=True)
    submission_count = fields.Integer(string="Submissions", readonly=True)
    activation_count = fields.Integer(string="Activations", readonly=True)
    activation_rate = fields.Float(
        string="Activation Rate (%)", readonly=True, aggregator="avg"
    )
    activation_days_median = fields.Float(
        string="Median Days to Activation", readonly=True, aggregator="avg"
    )
    rejection_count = fields.Integer(string="Rejections", readonly=True)
    withdrawal_count = fields.Integer(
        string="Withdrawals (14 days)",
        readonly=True,
        help="Consumers who withdrew (E1) within the 14-day window.",
    )
    churn_6_count = fields.Integer(
        string="Early Churn < 6 Months",
        readonly=True,
        help="Activated supplies that ended within 6 months (withdrawals aside).",
    )
    churn_12_count = fields.Integer(
        string="Early Churn < 12 Months",
        readonly=True,
        help="Activated supplies that ended within 12 months (withdrawals aside).",
    )
    claim_count = fields.Integer(
        string="Claims",
        readonly=True,
        help="Claims about the month's requests (energy_claim), whenever filed.",
    )
    claims_per_100 = fields.Float(
        string="Claims per 100 Activations",
        readonly=True,
        aggregator="avg",
        help="Claims about the month's requests per hundred of them activated.",
    )
    commission_amount = fields.Monetary(
        string="Commissions Earned", readonly=True, currency_field="currency_id"
    )
    clawback_amount = fields.Monetary(
        string="Clawed Back", readonly=True, currency_field="currency_id"
    )
    quality_score = fields.Float(readonly=True, aggregator="avg")
    rank = fields.Integer(
        readonly=True,
        aggregator="min",
        help="Position of the channel among the month's channels by quality score.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                WITH requests AS (
                    SELECT c.channel_id, c.company_id,
                           date_trunc('month', c.date_requested)::date AS month,
                           c.date_activated - c.date_requested::date AS days,
                           c.state,
                           c.date_activated IS NOT NULL AS activated,
                           EXISTS (
                               SELECT 1 FROM energy_contract w
                                WHERE w.parent_contract_id = c.id
                                  AND w.request_type = 'withdrawal'
                                  AND w.state = 'active'
                           ) AS withdrawn,
                           c.date_terminated
                               < c.date_activated + interval '6 months' AS ended_6,
                           c.date_terminated
                               < c.date_activated + interval '12 months' AS ended_12,
                           (SELECT count(*) FROM helpdesk_ticket t
                             WHERE t.contract_id = c.id) AS claims
                      FROM energy_contract c
                     WHERE c.channel_id IS NOT NULL
                       AND c.date_requested IS NOT NULL
                       AND c.request_type IN %(types)s
                ), cohorts AS (
                    SELECT channel_id, company_id, month,
                           count(*) AS submissions,
                           count(*) FILTER (WHERE activated) AS activations,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY days)
                               FILTER (WHERE activated) AS days_median,
                           count(*) FILTER (WHERE state = 'rejected') AS rejections,
                           count(*) FILTER (WHERE withdrawn) AS withdrawals,
                           count(*) FILTER (
                               WHERE NOT withdrawn AND ended_6
                           ) AS churn_6,
                           count(*) FILTER (
                               WHERE NOT withdrawn AND ended_12
                           ) AS churn_12,
                           sum(claims) AS claims
                      FROM requests
                  GROUP BY channel_id, company_id, month
                ), money AS (
                    SELECT channel_id, company_id,
                           date_trunc('month', date_earned)::date AS month,
                           sum(amount) FILTER (
                               WHERE line_type = 'commission' AND state = 'earned'
                           ) AS commissions,
                           -sum(amount) FILTER (WHERE line_type = 'clawback')
                               AS clawbacks
                      FROM energy_commission_line
                     WHERE line_type IN ('commission', 'clawback')
                       AND date_earned IS NOT NULL
                  GROUP BY channel_id, company_id, 3
                ), merged AS (
                    SELECT COALESCE(k.channel_id, m.channel_id) AS channel_id,
                           COALESCE(k.company_id, m.company_id) AS company_id,
                           COALESCE(k.month, m.month) AS month,
                           COALESCE(k.submissions, 0) AS submissions,
                           COALESCE(k.activations, 0) AS activations,
                           k.days_median,
                           COALESCE(k.rejections, 0) AS rejections,
                           COALESCE(k.withdrawals, 0) AS withdrawals,
                           COALESCE(k.churn_6, 0) AS churn_6,
                           COALESCE(k.churn_12, 0) AS churn_12,
                           COALESCE(k.claims, 0) AS claims,
                           COALESCE(m.commissions, 0) AS commissions,
                           COALESCE(m.clawbacks, 0) AS clawbacks
                      FROM cohorts k
                 FULL JOIN money m
                        ON m.channel_id = k.channel_id
                       AND m.company_id = k.company_id
                       AND m.month = k.month
                ), scored AS (
                    SELECT *,
                           CASE WHEN submissions > 0
                                THEN round(100.0 * activations / submissions, 1)
                           END AS rate,
                           CASE WHEN activations > 0
                                THEN round(100.0 * claims / activations, 1)
                           END AS claims_100,
                           CASE WHEN submissions > 0
                                THEN round(GREATEST(
                                    100.0 * (activations - withdrawals - churn_12)
                                    / submissions, 0), 1)
                           END AS score
                      FROM merged
                )
                SELECT row_number() OVER (ORDER BY month, channel_id) AS id,
                       channel_id, company_id, month,
                       submissions AS submission_count,
                       activations AS activation_count,
                       rate AS activation_rate,
                       days_median AS activation_days_median,
                       rejections AS rejection_count,
                       withdrawals AS withdrawal_count,
                       churn_6 AS churn_6_count,
                       churn_12 AS churn_12_count,
                       claims AS claim_count,
                       claims_100 AS claims_per_100,
                       commissions AS commission_amount,
                       clawbacks AS clawback_amount,
                       score AS quality_score,
                       rank() OVER (
                           PARTITION BY company_id, month
                           ORDER BY score DESC NULLS LAST
                       ) AS rank
                  FROM scored
                )
                """,
                view=SQL.identifier(self._table),
                types=COMMISSIONED_TYPES,
            )
        )
