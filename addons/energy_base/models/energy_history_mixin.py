# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import hashlib
import io
import json
import re
import zipfile

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_datetime

EVIDENCE_PREFIX = "evidence_"
EVIDENCE_MIMETYPE = "application/zip"
EVENT_COLUMNS = [
    "sequence",
    "date",
    "user",
    "event_type",
    "field_name",
    "old_value",
    "new_value",
    "reason",
    "attachments",
    "previous_hash",
    "hash",
    "computed_hash",
    "hash_valid",
    "link_valid",
]


class EnergyHistoryMixin(models.AbstractModel):
    """A record with an append-only, hash-chained history (see
    `energy.history.event.mixin`): appending to it, verifying its chain, and
    the evidence ZIP for an auditor, a court or a claim.

    The model names its event model in `_history_event_model`; it may name the
    folder of its own PDFs in the ZIP (`_history_evidence_folder`) and a
    summary report rendered into it (`_history_summary_report`)."""

    _name = "energy.history.mixin"
    _description = "Record with a Hash-chained History"

    # The concrete event model, e.g. "energy.contract.event".
    _history_event_model = None
    # Folder of the ZIP for the record's own PDFs (signed contracts...).
    _history_evidence_folder = "record"
    # XML id of a PDF report rendered into the ZIP as summary.pdf, if any.
    _history_summary_report = None

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_verify_history(self):
        """Check the hash chain of each record's events, record the result as
        a note in its history (an append keeps the chain) and tell the user."""
        group = self._history_verify_group()
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    "Only users with the role %(role)s can verify a history.",
                    role=self.env.ref(group).name,
                )
            )
        results = self._verify_history()
        self._history_log(
            [
                {
                    "event_type": "note",
                    "new_value": "altered" if broken else "intact",
                    "reason": message,
                }
                for broken, message in results.values()
            ]
        )
        altered = [message for broken, message in results.values() if broken]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("History altered")
                if altered
                else self.env._("History intact"),
                "message": "\n".join(
                    altered or [message for __, message in results.values()]
                ),
                "type": "danger" if altered else "success",
                "sticky": bool(altered),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_export_evidence(self):
        """Build the evidence ZIP, keep it on the record and download it."""
        self.ensure_one()
        self.check_access("write")
        attachment = self._build_evidence_zip()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _history_verify_group(self):
        """XML id of the group whose members may verify a history."""
        return "energy_base.group_energy_validation"

    def _history_events(self):
        """All the events of these records, through the One2many the model
        declares to them when there is one (it is then cached)."""
        Event = self.env[self._history_event_model]
        subject = Event._fields[Event._history_subject_field]
        for field in self.pool.field_inverses[subject]:
            if field.model_name == self._name and not field.domain:
                return self[field.name]
        return Event.search([(subject.name, "in", self.ids)])

    def _history_log(self, vals_list):
        """Append one event to the history of each record of `self`: dicts of
        event fields (attachment_ids as a plain list of ids), in the order of
        the records. Returns the events."""
        Event = self.env[self._history_event_model]
        return Event._log(
            [
                dict(vals, **{Event._history_subject_field: record.id})
                for record, vals in zip(self, vals_list, strict=True)
            ]
        )

    def _verify_history(self):
        """{record: (first broken event or False, translated message)}."""
        Event = self.env[self._history_event_model]
        events_by_record = self._history_events().grouped(Event._history_subject_field)
        results = {}
        for record in self:
            events = events_by_record.get(record, Event)
            broken = events._verify_chain()
            if broken:
                message = self.env._(
                    "The history of %(name)s was altered: event %(sequence)s of "
                    "%(date)s does not match its SHA-256 or the previous event.",
                    name=record.display_name,
                    sequence=broken.sequence,
                    date=format_datetime(self.env, broken.date),
                )
            else:
                message = self.env._(
                    "The history of %(name)s is intact: %(count)s events, each "
                    "chained to the previous one.",
                    name=record.display_name,
                    count=len(events),
                )
            results[record] = (broken, message)
        return results

    def _get_evidence_attachments(self):
        """Every document of the record: its own attachments and those linked
        to its events, without earlier evidence exports. Addons that keep
        documents elsewhere extend it."""
        self.ensure_one()
        own = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)], order="id"
        )
        attachments = own | self._history_events().attachment_ids
        return attachments.filtered(
            lambda a: not (
                a.mimetype == EVIDENCE_MIMETYPE
                and (a.name or "").startswith(EVIDENCE_PREFIX)
            )
        ).sorted("id")

    def _get_evidence_header(self):
        """What the evidence JSON says first about the record. Extend it."""
        self.ensure_one()
        return {
            "model": self._name,
            "record": self.display_name,
            "record_id": self.id,
        }

    def _get_evidence_files(self):
        """[(path in the ZIP, content)]: the record's documents, its events as
        CSV and JSON with their hashes and verification, the summary PDF."""
        self.ensure_one()
        events = self._history_events()
        broken = events._verify_chain()
        rows = events._evidence_rows()
        files = []
        for attachment in self._get_evidence_attachments():
            folder = (
                self._history_evidence_folder
                if attachment.res_model == self._name
                and attachment.res_id == self.id
                and attachment.mimetype == "application/pdf"
                else "documents"
            )
            name = re.sub(r"[\\/]+", "_", attachment.name or str(attachment.id))
            files.append((f"{folder}/{attachment.id}_{name}", attachment.raw or b""))
        files += [
            ("history/events.csv", self._evidence_csv(rows)),
            ("history/events.json", self._evidence_json(rows, broken)),
        ]
        if self._history_summary_report:
            files.append(("summary.pdf", self._render_summary_pdf()))
        return files

    def _build_evidence_zip(self):
        """The evidence ZIP of one record, attached to it: the files of
        `_get_evidence_files` and the SHA-256 of every one. Logged in the
        history."""
        self.ensure_one()
        files = self._get_evidence_files()
        checksums = "".join(
            f"{hashlib.sha256(content).hexdigest()}  {path}\n"
            for path, content in files
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, content in files:
                archive.writestr(path, content)
            archive.writestr("SHA256SUMS", checksums)
        content = buffer.getvalue()
        stamp = fields.Datetime.now().strftime("%Y%m%d%H%M%S")
        slug = re.sub(r"[^A-Za-z0-9]+", "_", self.display_name or str(self.id))
        filename = f"{EVIDENCE_PREFIX}{slug}_{stamp}.zip"
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": content,
                "mimetype": EVIDENCE_MIMETYPE,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self._history_log(
            [
                {
                    "event_type": "note",
                    "new_value": filename,
                    "reason": self.env._(
                        "Evidence exported: %(file)s, SHA-256 %(sha)s.",
                        file=filename,
                        sha=hashlib.sha256(content).hexdigest(),
                    ),
                }
            ]
        )
        return attachment

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------

    def _evidence_csv(self, rows):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EVENT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    **row,
                    "attachments": "; ".join(a["name"] for a in row["attachments"]),
                }
            )
        return buffer.getvalue().encode("utf-8")

    def _evidence_json(self, rows, broken):
        self.ensure_one()
        return json.dumps(
            {
                **self._get_evidence_header(),
                "exported_at": fields.Datetime.to_string(fields.Datetime.now()),
                "exported_by": self.env.user.name,
                "hash_algorithm": "SHA-256",
                "chain_intact": not broken,
                "first_broken_sequence": broken.sequence if broken else None,
                "events": rows,
            },
            ensure_ascii=False,
            indent=2,
        ).encode("utf-8")

    def _render_summary_pdf(self):
        """The summary report, rendered with wkhtmltopdf even in test mode
        (the dossier must hold the real document)."""
        pdf, __ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(self._history_summary_report, self.ids)
        )
        return pdf
