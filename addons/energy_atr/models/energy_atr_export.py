# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import os
import zipfile

from odoo import api, fields, models
from odoo.exceptions import UserError

# Transports wired in this installation; the others keep their settings only.
WORKING_METHODS = ("file", "folder")


class EnergyAtrExport(models.Model):
    """One batch of outgoing messages for one distributor: the XML file (one
    message) or ZIP (several) kept as an attachment, and where it went."""

    _name = "energy.atr.export"
    _description = "ATR Export"
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(string="File Name", required=True, readonly=True)
    date = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now
    )
    user_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    distributor_id = fields.Many2one("res.partner", readonly=True, index=True)
    distributor_code = fields.Char(string="Distributor REE Code", readonly=True)
    method = fields.Selection(
        [("file", "Download (file export)"), ("folder", "Folder")],
        required=True,
        readonly=True,
        default="file",
    )
    folder = fields.Char(readonly=True, help="Where the files were written.")
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", readonly=True, ondelete="restrict"
    )
    message_ids = fields.One2many(
        "energy.atr.message", "export_id", string="Messages", readonly=True
    )
    message_count = fields.Integer(compute="_compute_message_count")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    def _compute_message_count(self):
        counts = dict(
            self.env["energy.atr.message"]._read_group(
                [("export_id", "in", self.ids)], ["export_id"], ["__count"]
            )
        )
        for export in self:
            export.message_count = counts.get(export, 0)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_download(self):
        """Download the file, or one ZIP of the files of several exports."""
        if not self:
            raise UserError(self.env._("There is nothing to download."))
        if len(self) == 1:
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{self.attachment_id.id}?download=true",
                "target": "self",
            }
        bundle = self.env["ir.attachment"].create(
            {
                "name": "ATR_{}.zip".format(
                    fields.Datetime.now().strftime("%Y%m%d%H%M%S")
                ),
                "raw": _zip({export.name: export.attachment_id.raw for export in self}),
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self[:1].id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{bundle.id}?download=true",
            "target": "self",
        }

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_atr.energy_atr_message_action"
        )
        action["domain"] = [("export_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _export_messages(self, messages):
        """Export outgoing messages to send, per distributor, by each
        distributor's transport: ``file`` (default) keeps one XML or a ZIP to
        download, ``folder`` also writes every XML to the outgoing folder.
        The messages are marked exported. All or nothing.

        :return: the exports, one per distributor"""
        messages = messages.filtered(
            lambda m: m.direction == "out" and m.state == "to_send"
        )
        if not messages:
            raise UserError(self.env._("There are no messages to send."))
        messages._lock_for_export()
        groups = messages.grouped(
            lambda m: (m.company_id, m.distributor_id, m.receiver_code or "")
        )
        transports = self.env["energy.atr.transport"]._get_for_distributors(
            messages.distributor_id
        )
        self._check_transports(groups, transports)
        now = fields.Datetime.now()
        exports = self.browse()
        written = []
        try:
            for (company, distributor, receiver), batch in groups.items():
                transport = transports.get(distributor)
                method = transport.method if transport else "file"
                export = self._export_batch(
                    batch, company, distributor, receiver, transport, method, now
                )
                if method == "folder":
                    written += export._write_to_folder(batch, transport.folder_out)
                exports |= export
        except OSError as error:
            for path in written:
                _remove_quietly(path)
            raise UserError(
                self.env._("The files could not be written: %(error)s", error=error)
            ) from error
        return exports

    @api.model
    def _check_transports(self, groups, transports):
        problems = []
        for _company, distributor, _receiver in groups:
            transport = transports.get(distributor)
            if not transport:
                continue
            name = distributor.display_name or transport.display_name
            if transport.method not in WORKING_METHODS:
                method = dict(
                    transport._fields["method"]._description_selection(self.env)
                )[transport.method]
                problems.append(
                    self.env._(
                        "%(distributor)s: the %(method)s transport is not "
                        "available in this installation; set it to the file "
                        "export or a folder.",
                        distributor=name,
                        method=method,
                    )
                )
            elif transport.method == "folder" and not (
                transport.folder_out and os.path.isdir(transport.folder_out)
            ):
                problems.append(
                    self.env._(
                        "%(distributor)s: the outgoing folder %(folder)s does not "
                        "exist.",
                        distributor=name,
                        folder=transport.folder_out or "-",
                    )
                )
        if problems:
            raise UserError("\n".join(problems))

    @api.model
    def _export_batch(
        self, messages, company, distributor, receiver, transport, method, now
    ):
        files = {message.file_name: message._atr_raw() for message in messages}
        if len(messages) == 1:
            name, raw, mimetype = (
                messages.file_name,
                files[messages.file_name],
                ("application/xml"),
            )
        else:
            name = "ATR_{}_{}_{}.zip".format(
                company.energy_ree_code or "0000",
                receiver or "0000",
                fields.Datetime.context_timestamp(self, now).strftime("%Y%m%d%H%M%S"),
            )
            raw, mimetype = _zip(files), "application/zip"
        export = self.create(
            {
                "name": name,
                "date": now,
                "company_id": company.id,
                "distributor_id": distributor.id,
                "distributor_code": receiver,
                "method": method,
                "folder": transport.folder_out if method == "folder" else False,
            }
        )
        export.attachment_id = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": raw,
                "mimetype": mimetype,
                "res_model": self._name,
                "res_id": export.id,
            }
        )
        messages.write(
            {"state": "exported", "date_exported": now, "export_id": export.id}
        )
        return export

    def _write_to_folder(self, messages, folder):
        """Write each message's XML to `folder`, through a temporary name so
        that whoever picks the files up never reads half a file."""
        written = []
        for message in messages:
            path = os.path.join(folder, message.file_name)
            temporary = f"{path}.part"
            with open(temporary, "wb") as handle:
                handle.write(message._atr_raw())
            os.replace(temporary, path)
            written.append(path)
        return written


class EnergyAtrMessage(models.Model):
    _name = "energy.atr.message"
    _inherit = ["energy.atr.message", "energy.row.lock.mixin"]

    export_id = fields.Many2one(
        "energy.atr.export",
        string="Export Batch",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )

    def action_export(self):
        """Open the export wizard on the selected messages."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Export Switching Messages"),
            "res_model": "energy.atr.export.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _lock_for_export(self):
        """Lock the rows so that two users never export the same messages."""
        self._lock_rows_nowait(
            self.env._(
                "Someone else is exporting these messages right now; try "
                "again in a moment."
            )
        )
        self.invalidate_recordset(["state"])
        if any(message.state != "to_send" for message in self):
            raise UserError(
                self.env._("Some of these messages were exported in the meantime.")
            )


def _zip(files):
    """ZIP bytes of {file name: bytes}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in files.items():
            archive.writestr(name, raw)
    return buffer.getvalue()


def _remove_quietly(path):
    try:
        os.remove(path)
    except OSError:
        return
