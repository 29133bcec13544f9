# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class EnergyAtrExportWizard(models.TransientModel):
    """Export the outgoing messages waiting to be sent: the selected ones, or
    all of them (optionally for some distributors only)."""

    _name = "energy.atr.export.wizard"
    _description = "Export ATR Messages"

    message_ids = fields.Many2many(
        "energy.atr.message",
        string="Messages",
        default=lambda self: self._default_message_ids(),
        domain=[("direction", "=", "out"), ("state", "=", "to_send")],
    )
    distributor_ids = fields.Many2many(
        "res.partner",
        string="Distributors",
        domain=[("is_energy_distributor", "=", True)],
        help="Only the messages of these distributors; all when empty.",
    )
    message_count = fields.Integer(
        string="Messages to Export", compute="_compute_message_count"
    )
    export_ids = fields.Many2many("energy.atr.export", string="Exports", readonly=True)

    @api.model
    def _default_message_ids(self):
        context = self.env.context
        domain = [
            ("direction", "=", "out"),
            ("state", "=", "to_send"),
            ("company_id", "in", self.env.companies.ids),
        ]
        if context.get("active_model") == "energy.atr.message" and context.get(
            "active_ids"
        ):
            domain.append(("id", "in", context["active_ids"]))
        return self.env["energy.atr.message"].search(domain)

    @api.depends("message_ids", "distributor_ids")
    def _compute_message_count(self):
        for wizard in self:
            wizard.message_count = len(wizard._messages_to_export())

    def _messages_to_export(self):
        messages = self.message_ids.filtered(
            lambda m: m.direction == "out" and m.state == "to_send"
        )
        if self.distributor_ids:
            messages = messages.filtered(
                lambda m: m.distributor_id in self.distributor_ids
            )
        return messages

    def action_export(self):
        """Export and download the file (one distributor) or show the
        exports, each with its file (several)."""
        self.ensure_one()
        messages = self._messages_to_export()
        if not messages:
            raise UserError(self.env._("There are no messages to send."))
        exports = self.env["energy.atr.export"]._export_messages(messages)
        self.export_ids = exports
        downloads = exports.filtered(lambda export: export.method == "file")
        if len(exports) == 1 and downloads:
            return downloads.action_download()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_atr.energy_atr_export_action"
        )
        action["domain"] = [("id", "in", exports.ids)]
        return action
