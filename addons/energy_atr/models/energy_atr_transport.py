# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EnergyAtrTransport(models.Model):
    """How the messages of one distributor travel. The CNMC does not
    standardise the transport; only the file export works here (no network):
    the other methods keep their settings for the day they are wired."""

    _name = "energy.atr.transport"
    _description = "ATR Transport per Distributor"
    _order = "distributor_id"
    _rec_name = "distributor_id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    distributor_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_energy_distributor", "=", True)],
    )
    distributor_code = fields.Char(
        related="distributor_id.energy_ree_code", string="Distributor REE Code"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    method = fields.Selection(
        [
            ("file", "Download (file export)"),
            ("folder", "Folder"),
            ("sftp", "SFTP"),
            ("webservice", "Web service"),
        ],
        required=True,
        default="file",
    )
    folder_out = fields.Char(
        string="Outgoing Folder", help="Where exported messages are written."
    )
    folder_in = fields.Char(
        string="Incoming Folder", help="Where the distributor's answers are picked up."
    )
    sftp_host = fields.Char(string="SFTP Host")
    sftp_port = fields.Integer(string="SFTP Port", default=22)
    sftp_user = fields.Char(string="SFTP User")
    webservice_url = fields.Char(string="Web Service URL")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "distributor_company_uniq",
            "UNIQUE (distributor_id, company_id)",
            "A distributor has one transport per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _get_for_distributors(self, distributors):
        """{distributor: transport} of the current company; a distributor
        without one is absent (the file export applies)."""
        transports = self.search(
            [
                ("distributor_id", "in", distributors.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        return {transport.distributor_id: transport for transport in transports}
