# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .energy_contract import REQUEST_TYPES
from .lifecycle import STATES


class EnergyContractActivationReport(models.Model):
    """Time from request to activation, one row per activated request (a SQL
    view over the requests). Average and P90 by channel, distributor, request
    type and activation month come from grouping it in the pivot or graph."""

    _name = "energy.contract.activation.report"
    _inherit = ["energy.percentile.report.mixin"]
    _description = "Contract Request Time to Activation"
    _auto = False
    _rec_name = "contract_id"
    _order = "date_activated desc, contract_id desc"
    _depends = {
        "energy.contract": [
            "company_id",
            "request_type",
            "channel_id",
            "distributor_id",
            "source",
            "product_id",
            "access_tariff_id",
            "customer_type",
            "user_id",
            "date_requested",
            "date_activated",
            "state",
        ],
    }

    contract_id = fields.Many2one("energy.contract", string="Request", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    request_type = fields.Selection(REQUEST_TYPES, readonly=True)
    channel_id = fields.Many2one("res.partner", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    source = fields.Selection("_selection_source", readonly=True)
    product_id = fields.Many2one("energy.product", readonly=True)
    access_tariff_id = fields.Many2one("energy.access.tariff", readonly=True)
    customer_type = fields.Selection(
        [("individual", "Individual"), ("company", "Company")], readonly=True
    )
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    state = fields.Selection(STATES, string="Phase", readonly=True)
    date_requested = fields.Datetime(string="Requested On", readonly=True)
    date_activated = fields.Date(string="Activated On", readonly=True)
    days_to_activation = fields.Float(
        string="Days to Activation (average)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Calendar days from the request (Spanish peninsular date) to the "
        "activation date.",
    )
    days_to_activation_p90 = fields.Float(
        string="Days to Activation (P90)",
        digits=(16, 1),
        aggregator="p90",
        readonly=True,
        help="Nine requests in ten were activated within this many days.",
    )

    def _selection_source(self):
        return (
            self.env["energy.contract"]
            ._fields["source"]
            ._description_selection(self.env)
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Filters by activation month stay cheap at hundreds of thousands of
        # requests: only activated requests enter this partial index.
        tools.create_index(
            self.env.cr,
            "energy_contract_date_activated_index",
            "energy_contract",
            ["date_activated"],
            where="date_activated IS NOT NULL",
        )
        days = SQL(
            "(c.date_activated - (c.date_requested AT TIME ZONE 'UTC' "
            "AT TIME ZONE 'Europe/Madrid')::date)::float"
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT c.id AS id,
                           c.id AS contract_id,
                           c.company_id,
                           c.request_type,
                           c.channel_id,
                           c.distributor_id,
                           c.source,
                           c.product_id,
                           c.access_tariff_id,
                           c.customer_type,
                           c.user_id,
                           c.state,
                           c.date_requested,
                           c.date_activated,
                           %(days)s AS days_to_activation,
                           %(days)s AS days_to_activation_p90
                      FROM energy_contract c
                     WHERE c.date_activated IS NOT NULL
                       AND c.state IN ('active', 'terminated')
                )
                """,
                view=SQL.identifier(self._table),
                days=days,
            )
        )
