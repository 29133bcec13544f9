# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

SUBMISSION_ORIGINS = [("web", "Public web form"), ("channel", "Channel portal")]
RATE_LIMIT_PARAM = "energy_sales.web_form_rate_limit"
RATE_LIMIT_DEFAULT = 5  # accepted submissions per IP address and hour


class EnergySalesLeadSubmission(models.Model):
    """One accepted submission of the public web form or of a channel's portal
    form: the evidence of the person's request or consent (when, from which
    address and browser, what they ticked) and the lead it created or was
    added to. Written only by the forms' controllers; nobody edits it."""

    _name = "energy.sales.lead.submission"
    _description = "Lead Form Submission"
    _order = "id desc"
    _rec_name = "reference"

    reference = fields.Char(readonly=True, index="btree_not_null", copy=False)
    origin = fields.Selection(SUBMISSION_ORIGINS, required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    lead_id = fields.Many2one(
        "crm.lead", readonly=True, index=True, ondelete="set null"
    )
    is_duplicate = fields.Boolean(
        string="Added to an Open Lead",
        readonly=True,
        help="The CUPS, NIF or phone was already an open lead: the submission "
        "was added to it instead of creating another.",
    )
    channel_id = fields.Many2one("res.partner", readonly=True, index="btree_not_null")
    user_id = fields.Many2one(
        "res.users",
        string="Submitted By",
        readonly=True,
        help="The portal user of the channel; empty for the public web form.",
    )
    ip_address = fields.Char(string="IP Address", readonly=True, index=True)
    user_agent = fields.Char(string="Browser", readonly=True)
    contact_request = fields.Boolean(
        string="Asked to Be Called",
        readonly=True,
        help="The person ticked the box asking us to contact them (the legal "
        "basis for calling them, RD 88/2026).",
    )
    marketing_consent = fields.Boolean(readonly=True)
    privacy_accepted = fields.Boolean(readonly=True)
    evidence_note = fields.Char(
        readonly=True,
        help="For a channel: the reference of the consent the channel collected "
        "(signed form, recording).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        submissions = super().create(vals_list)
        prefix = {"web": "WEB", "channel": "CAN"}
        for submission in submissions:
            submission.reference = f"{prefix[submission.origin]}-{submission.id:06d}"
        return submissions

    @api.model
    def _is_rate_limited(self, ip_address):
        """Whether this address already sent as many web submissions in the
        last hour as the limit allows (one indexed count)."""
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(RATE_LIMIT_PARAM, RATE_LIMIT_DEFAULT)
        )
        since = fields.Datetime.now() - timedelta(hours=1)
        return (
            self.sudo().search_count(
                [
                    ("origin", "=", "web"),
                    ("ip_address", "=", ip_address or ""),
                    ("create_date", ">=", since),
                ],
                limit=limit,
            )
            >= limit
        )
