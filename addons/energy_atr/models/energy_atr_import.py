# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import logging
import os
import zipfile
from collections import defaultdict
from functools import partial

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .atr_incoming import (
    MAX_MEMBER_BYTES,
    MAX_ZIP_DEPTH,
    PROCESSED_FOLDER,
    ZIP_MAGIC,
    move_files,
)
from .energy_atr_message import INBOX_STATES

_logger = logging.getLogger(__name__)


class EnergyAtrImport(models.Model):
    """One file (XML or ZIP) uploaded by a user or picked up from a folder,
    kept with the messages it produced and a log. Its members become incoming
    messages (`energy.atr.message._atr_receive`), applied together."""

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

    # ------------------------------------------------------------------
    # Importing (public API, the folder cron)
    # ------------------------------------------------------------------

    @api.model
    def import_file(self, file_name, raw, source="upload"):
        """Import one received file (an XML or a ZIP of XML files, as bytes)
        for the current company. Returns the energy.atr.import record."""
        return self.import_files([(file_name, raw)], source=source)

    @api.model
    def import_files(self, files, source="upload"):
        """Import received files, ``[(file_name, raw bytes), ...]``: one
        energy.atr.import per file, all their messages applied together.
        Returns the energy.atr.import records, in the order of ``files``."""
        self._atr_check_import_access()
        if not files:
            return self.browse()
        company = self.env.company
        imports = self.create(
            [
                {
                    "name": name or "atr.xml",
                    "source": source,
                    "company_id": company.id,
                    "user_id": self.env.uid,
                }
                for name, _raw in files
            ]
        )
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": record.name,
                        "raw": raw or b"",
                        "res_model": self._name,
                        "res_id": record.id,
                        "company_id": company.id,
                    }
                    for record, (_name, raw) in zip(imports, files, strict=True)
                ]
            )
        )
        entries = []
        for record, attachment, (name, raw) in zip(
            imports, attachments, files, strict=True
        ):
            record.attachment_id = attachment.id
            for entry_name, entry_raw, problem in self._atr_expand(name, raw or b""):
                entries.append(
                    {
                        "import": record,
                        "file_name": entry_name,
                        "raw": entry_raw,
                        "problem": problem,
                    }
                )
        self.env["energy.atr.message"]._atr_receive(entries)
        imports._atr_finish(entries)
        return imports

    @api.model
    def import_folder(self, path, processed_folder=PROCESSED_FOLDER, limit=None):
        """Import the files found in ``path`` (not its subfolders) and, once the
        transaction is committed, move them to ``path/processed``. Returns the
        energy.atr.import records."""
        self._atr_check_import_access()
        if not path or not os.path.isdir(path):
            raise UserError(
                self.env._("The folder %(path)s does not exist.", path=path)
            )
        names = sorted(
            name
            for name in os.listdir(path)
            if not name.startswith(".") and os.path.isfile(os.path.join(path, name))
        )
        if limit:
            names = names[:limit]
        files = []
        for name in names:
            with open(os.path.join(path, name), "rb") as handle:
                files.append((name, handle.read()))
        imports = self.import_files(files, source="folder")
        # write everything now: the files only move once it is committed
        self.env.flush_all()
        target_dir = os.path.join(path, processed_folder)
        self.env.cr.postcommit.add(
            partial(move_files, [(os.path.join(path, n), target_dir) for n in names])
        )
        return imports

    @api.model
    def _cron_import_folder(self, path=None):
        """Scheduled action: import ``path``, or the incoming folder of every
        active transport of method Folder (with the transport's company)."""
        if path:
            return self.import_folder(path)
        imports = self.browse()
        transports = self.env["energy.atr.transport"].search(
            [("method", "=", "folder"), ("folder_in", "!=", False)]
        )
        for (company, folder), _group in transports.grouped(
            lambda t: (t.company_id, t.folder_in)
        ).items():
            try:
                with self.env.cr.savepoint():
                    imports |= self.with_company(company).import_folder(folder)
            except Exception:
                _logger.exception("ATR folder import of %s failed", folder)
        return imports

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _atr_check_import_access(self):
        if self.env.su:
            return
        if not self.env.user.has_group("energy_base.group_energy_backoffice"):
            raise AccessError(
                self.env._(
                    "Only the back-office can import the files of the distributors."
                )
            )
        self.check_access("create")

    @api.model
    def _atr_expand(self, name, raw, depth=0):
        """(file name, bytes, problem) of each file inside ``raw``: the file
        itself, or the members of a ZIP (nested ZIPs included). ``problem``
        is None or a code the message translates."""
        is_zip = raw[:4] == ZIP_MAGIC or (name or "").lower().endswith(".zip")
        if not is_zip:
            yield name, raw, None
            return
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
            members = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
            yield name, raw, "bad_zip"
            return
        for info in members:
            member = info.filename
            if info.is_dir() or member.startswith("__MACOSX/"):
                continue
            full_name = f"{name}/{member}" if depth else member
            if info.file_size > MAX_MEMBER_BYTES:
                yield full_name, b"", "too_big"
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, RuntimeError, OSError, ValueError, EOFError):
                yield full_name, b"", "bad_member"
                continue
            if data[:4] == ZIP_MAGIC and depth + 1 < MAX_ZIP_DEPTH:
                yield from self._atr_expand(full_name, data, depth + 1)
            else:
                yield full_name, data, None

    def _atr_finish(self, entries):
        """State and log of each import, from the messages it produced."""
        bad_container = {
            entry["import"].id for entry in entries if entry["problem"] == "bad_zip"
        }
        messages = self.env["energy.atr.message"].search_fetch(
            [("import_id", "in", self.ids)],
            ["import_id", "state", "file_name", "error"],
            order="id",
        )
        by_import = defaultdict(list)
        for message in messages:
            by_import[message.import_id.id].append(message)
        for record in self:
            found = by_import.get(record.id, [])
            applied = sum(1 for m in found if m.state == "applied")
            inbox = [m for m in found if m.state in INBOX_STATES]
            lines = [
                self.env._(
                    "%(total)s message(s): %(applied)s applied, %(inbox)s in the "
                    "inbox.",
                    total=len(found),
                    applied=applied,
                    inbox=len(inbox),
                )
            ]
            lines += [f"- {m.file_name}: {m.error}" for m in inbox if m.error]
            record.write(
                {
                    "state": "error" if record.id in bad_container else "done",
                    "log": "\n".join(lines),
                }
            )
