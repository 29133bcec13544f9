# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


def _days(start, end):
    return SQL("EXTRACT(EPOCH FROM (%s - %s)) / 86400.0", end, start)


class EnergySalesFunnelReport(models.Model):
    """The sales funnel, one row per lead (a SQL view over the leads, their
    calls, offers and contract requests): lead, contacted, offer, signed,
    active, by source, medium, campaign, channel, agent and month, the median
    days spent in each stage and the savings offered against those accepted.
    Lost leads count: they left the funnel at the stage they reached."""

    _name = "energy.sales.funnel.report"
    _inherit = ["energy.percentile.report.mixin"]
    _description = "Sales Funnel"
    _auto = False
    _rec_name = "lead_id"
    _order = "date_lead desc, id desc"
    _depends = {
        "crm.lead": [
            "company_id",
            "user_id",
            "team_id",
            "campaign_id",
            "source_id",
            "medium_id",
            "channel_id",
            "create_date",
            "active",
        ],
        "crm.phonecall": ["opportunity_id", "date"],
        "energy.sales.offer": ["lead_id", "create_date", "savings_amount", "state"],
        "energy.contract": ["lead_id", "create_date", "date_activated", "state"],
    }

    lead_id = fields.Many2one("crm.lead", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    channel_id = fields.Many2one("res.partner", readonly=True)
    date_lead = fields.Datetime(string="Lead Created On", readonly=True)
    is_lost = fields.Boolean(string="Lost", readonly=True)
    lead_count = fields.Integer(string="Leads", readonly=True)
    contacted_count = fields.Integer(
        string="Contacted", readonly=True, help="Leads with at least one call."
    )
    offer_count = fields.Integer(
        string="With Offer", readonly=True, help="Leads that received an offer."
    )
    signed_count = fields.Integer(
        string="Signed",
        readonly=True,
        help="Leads whose offer was accepted: the contract request exists.",
    )
    active_count = fields.Integer(
        string="Active",
        readonly=True,
        help="Leads whose contract request was activated by the distributor.",
    )
    days_to_contact = fields.Float(
        string="Days to First Call (median)",
        digits=(16, 1),
        aggregator="p50",
        readonly=True,
        help="From the lead's creation to its first call.",
    )
    days_to_offer = fields.Float(
        string="Days Contacted to Offer (median)",
        digits=(16, 1),
        aggregator="p50",
        readonly=True,
        help="From the first call (or the lead's creation, when the offer came "
        "without a call) to the first offer.",
    )
    days_to_sign = fields.Float(
        string="Days Offer to Signed (median)",
        digits=(16, 1),
        aggregator="p50",
        readonly=True,
        help="From the first offer to the accepted offer's contract request.",
    )
    days_to_active = fields.Float(
        string="Days Signed to Active (median)",
        digits=(16, 1),
        aggregator="p50",
        readonly=True,
        help="From the contract request to its activation date (Spanish "
        "peninsular calendar days).",
    )
    savings_offered = fields.Float(
        string="Savings Offered (€/year)",
        digits=(16, 2),
        readonly=True,
        help="The best annual savings among the lead's offers.",
    )
    savings_accepted = fields.Float(
        string="Savings Accepted (€/year)",
        digits=(16, 2),
        readonly=True,
        help="The annual savings of the offer the customer accepted.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        madrid_day = SQL(
            "(k.signed_at AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Madrid')::date"
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    WITH calls AS (
                        SELECT opportunity_id AS lead_id, MIN(date) AS first_call
                          FROM crm_phonecall
                         WHERE opportunity_id IS NOT NULL
                         GROUP BY opportunity_id
                    ), offers AS (
                        SELECT lead_id,
                               MIN(create_date) AS first_offer,
                               MAX(savings_amount) AS savings_offered,
                               SUM(savings_amount)
                                   FILTER (WHERE state = 'accepted') AS savings_accepted
                          FROM energy_sales_offer
                         GROUP BY lead_id
                    ), contracts AS (
                        SELECT lead_id,
                               MIN(create_date) AS signed_at,
                               MIN(date_activated) FILTER (
                                   WHERE state IN ('active', 'terminated')
                               ) AS activated_on
                          FROM energy_contract
                         WHERE lead_id IS NOT NULL
                         GROUP BY lead_id
                    )
                    SELECT l.id AS id,
                           l.id AS lead_id,
                           l.company_id,
                           l.user_id,
                           l.team_id,
                           l.campaign_id,
                           l.source_id,
                           l.medium_id,
                           l.channel_id,
                           l.create_date AS date_lead,
                           NOT COALESCE(l.active, FALSE) AS is_lost,
                           1 AS lead_count,
                           (c.first_call IS NOT NULL)::int AS contacted_count,
                           (o.first_offer IS NOT NULL)::int AS offer_count,
                           (k.signed_at IS NOT NULL)::int AS signed_count,
                           (k.activated_on IS NOT NULL)::int AS active_count,
                           %(to_contact)s AS days_to_contact,
                           %(to_offer)s AS days_to_offer,
                           %(to_sign)s AS days_to_sign,
                           (k.activated_on - %(madrid_day)s)::float AS days_to_active,
                           COALESCE(o.savings_offered, 0) AS savings_offered,
                           COALESCE(o.savings_accepted, 0) AS savings_accepted
                      FROM crm_lead l
                      LEFT JOIN calls c ON c.lead_id = l.id
                      LEFT JOIN offers o ON o.lead_id = l.id
                      LEFT JOIN contracts k ON k.lead_id = l.id
                )
                """,
                view=SQL.identifier(self._table),
                to_contact=_days(SQL("l.create_date"), SQL("c.first_call")),
                to_offer=_days(
                    SQL("COALESCE(c.first_call, l.create_date)"), SQL("o.first_offer")
                ),
                to_sign=_days(SQL("o.first_offer"), SQL("k.signed_at")),
                madrid_day=madrid_day,
            )
        )
