# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

MESSAGE_STATES = [
    # Outgoing
    ("to_send", "To send"),
    ("exported", "Exported"),
    # Incoming
    ("applied", "Applied"),
    ("unmatched", "No matching case"),
    ("not_ours", "CUPS not served"),
    ("duplicate", "Duplicate"),
    ("invalid", "Invalid"),
    ("error", "Could not apply"),
    # Inbox items a user dismissed
    ("ignored", "Dismissed"),
]
# Incoming messages kept but not applied: they wait in the inbox.
INBOX_STATES = ("unmatched", "not_ours", "duplicate", "invalid", "error")


class EnergyAtrMessage(models.Model):
    """One ATR XML file, sent or received. The raw file is always kept as an
    attachment, applied or not: nothing received is lost."""

    _name = "energy.atr.message"
    _description = "ATR Message"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["request_code", "cups", "file_name"]

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    case_id = fields.Many2one(
        "energy.atr.case",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="Empty for a received file that matched no case.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    direction = fields.Selection(
        [("out", "Outgoing"), ("in", "Incoming")], required=True, index=True
    )
    process = fields.Char(size=2, index=True)
    step = fields.Char(size=2, index=True)
    request_code = fields.Char(index=True, help="CNMC CodigoDeSolicitud of the header.")
    sequence = fields.Char(
        size=2, help="CNMC SecuencialDeSolicitud of the header (01, 02...)."
    )
    date = fields.Datetime(
        index=True, help="CNMC FechaSolicitud: when the sender dated the message."
    )
    cups = fields.Char(string="CUPS", index=True)
    sender_code = fields.Char(string="Sender REE Code", size=4)
    receiver_code = fields.Char(string="Receiver REE Code", size=4)
    distributor_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        domain=[("is_energy_distributor", "=", True)],
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="XML File", ondelete="restrict", copy=False
    )
    file_name = fields.Char()
    xml_hash = fields.Char(
        string="XML Hash", index=True, copy=False, help="SHA-256 of the raw file."
    )
    state = fields.Selection(MESSAGE_STATES, string="Status", required=True, index=True)
    error = fields.Text(help="Why the message was not applied.")
    is_inbox = fields.Boolean(
        string="In Inbox", compute="_compute_is_inbox", store=True, index=True
    )
    import_id = fields.Many2one(
        "energy.atr.import", index="btree_not_null", ondelete="set null"
    )
    reject_reason_ids = fields.Many2many(
        "energy.atr.reject.reason",
        "energy_atr_message_reject_rel",
        "message_id",
        "reason_id",
        string="Rejection Reasons",
    )
    applied_key = fields.Char(
        copy=False,
        readonly=True,
        help="process/request code/step/sequence of an applied incoming "
        "message: unique per company, so nothing is applied twice.",
    )
    date_exported = fields.Datetime(string="Exported On", copy=False)

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("state")
    def _compute_is_inbox(self):
        for message in self:
            message.is_inbox = message.state in INBOX_STATES

    @api.depends("process", "step", "request_code", "direction")
    def _compute_display_name(self):
        for message in self:
            message.display_name = " ".join(
                part
                for part in (
                    f"{message.process or '??'}-{message.step or '??'}",
                    message.request_code,
                )
                if part
            )

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    def init(self):
        self.env.cr.execute(
            f"""
            CREATE UNIQUE INDEX IF NOT EXISTS {self._table}_applied_key_uniq
            ON {self._table} (company_id, applied_key)
            WHERE applied_key IS NOT NULL
            """
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "ATR messages are the record of what was exchanged with the "
                "distributors and cannot be deleted. Dismiss them from the inbox "
                "instead."
            )
        )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_dismiss(self):
        """Take inbox items out of the inbox, keeping them."""
        self.filtered("is_inbox").write({"state": "ignored"})
        return True

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("This message has no file."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }
