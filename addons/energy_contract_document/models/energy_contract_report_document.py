# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.energy_contract.models.energy_contract import REQUEST_TYPES


class EnergyContractDocumentReport(models.Model):
    """Decisions taken on request documents (validated or rejected), read from
    the request history: a document rejected and sent again counts once per
    decision, so the rejection rate measures rework.

    The rows come from the "document" events of the history, which the
    document checklist writes (field_name holds the document type code,
    new_value the decision); without document decisions the report is empty."""

    _name = "energy.contract.document.report"
    _description = "Contract Request Document Decisions"
    _auto = False
    _rec_name = "document_name"
    _order = "date desc, id desc"
    _depends = {
        "energy.contract.event": [
            "contract_id",
            "event_type",
            "field_name",
            "new_value",
            "date",
            "user_id",
        ],
        "energy.contract": [
            "company_id",
            "request_type",
            "channel_id",
            "distributor_id",
            "customer_type",
        ],
    }

    contract_id = fields.Many2one("energy.contract", string="Request", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    request_type = fields.Selection(REQUEST_TYPES, readonly=True)
    channel_id = fields.Many2one("res.partner", readonly=True)
    distributor_id = fields.Many2one("res.partner", readonly=True)
    customer_type = fields.Selection(
        [("individual", "Individual"), ("company", "Company")], readonly=True
    )
    date = fields.Datetime(string="Decided On", readonly=True)
    user_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    document_code = fields.Char(readonly=True)
    document_name = fields.Char(string="Document", readonly=True)
    decision = fields.Selection(
        [("validated", "Validated"), ("rejected", "Rejected")], readonly=True
    )
    rejection_rate = fields.Float(
        string="Rejection Rate (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
        help="Share of the decisions that rejected the document (100 = every "
        "document had to be sent again).",
    )

    @property
    def _table_query(self):
        name = SQL("e.field_name")
        join = SQL()
        if "energy.contract.document.type" in self.env:
            join = SQL(
                "LEFT JOIN energy_contract_document_type t ON t.code = e.field_name"
            )
            name = SQL(
                "COALESCE(t.name->>%s, t.name->>'en_US', e.field_name)",
                self.env.lang or "en_US",
            )
        return SQL(
            """
            SELECT e.id AS id,
                   e.contract_id,
                   c.company_id,
                   c.request_type,
                   c.channel_id,
                   c.distributor_id,
                   c.customer_type,
                   e.date,
                   e.user_id,
                   e.field_name AS document_code,
                   %(name)s AS document_name,
                   e.new_value AS decision,
                   CASE WHEN e.new_value = 'rejected' THEN 100.0 ELSE 0.0 END
                       AS rejection_rate
              FROM energy_contract_event e
              JOIN energy_contract c ON c.id = e.contract_id
              %(join)s
             WHERE e.event_type = 'document'
               AND e.new_value IN ('validated', 'rejected')
            """,
            name=name,
            join=join,
        )
