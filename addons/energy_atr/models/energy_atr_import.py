# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .energy_atr_message import INBOX_STATES


class EnergyAtrImport(models.Model):
    """One file (XML or ZIP) uploaded by a user or picked up from a folder,
    kept with the messages it produced and a log."""

    _name = "energy.atr.import"
    _description = "ATR File Import"
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(string="File Name", required=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", ondelete="restrict", copy=False
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users", string="Imported By", default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    source = fields.Selection(
        [("upload", "Upload"), ("folder", "Folder")], required=True, default="upload"
    )
    atr_message_ids = fields.One2many(
        "energy.atr.message", "import_id", string="ATR Messages"
    )
    message_total = fields.Integer(string="Messages", compute="_compute_counts")
    applied_count = fields.Integer(string="Applied", compute="_compute_counts")
    inbox_count = fields.Integer(string="In Inbox", compute="_compute_counts")
    state = fields.Selection(
        [("done", "Done"), ("error", "Error")],
        string="Status",
        required=True,
        default="done",
    )
    log = fields.Text()

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("atr_message_ids.state")
    def _compute_counts(self):
        groups = self.env["energy.atr.message"]._read_group(
            [("import_id", "in", self.ids)], ["import_id", "state"], ["__count"]
        )
        counts = {}
        for import_, state, count in groups:
            counts.setdefault(import_, {})[state] = count
        for record in self:
            by_state = counts.get(record, {})
            record.message_total = sum(by_state.values())
            record.applied_count = by_state.get("applied", 0)
            record.inbox_count = sum(by_state.get(state, 0) for state in INBOX_STATES)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_view_atr_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_atr.energy_atr_message_action"
        )
        action["domain"] = [("import_id", "=", self.id)]
        action["context"] = {}
        return action
