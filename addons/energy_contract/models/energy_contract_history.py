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
SUMMARY_REPORT = "energy_contract.action_report_energy_contract_summary"
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


class EnergyContract(models.Model):
    """History and audit dossier of a request: verification of the hash chain
    of its events, and a ZIP with every piece of evidence for an auditor, a
    court or a claim."""

    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_verify_history(self):
        """Check the hash chain of each request's events, record the result as
        a note in the history (an append keeps the chain) and tell the user."""
        if not self.env.user.has_group("energy_base.group_energy_validation"):
            raise AccessError(
                self.env._(
                    "Only validation users and managers can verify the history of "
                    "a request."
                )
            )
        results = self._verify_history()
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": contract.id,
                    "event_type": "note",
                    "new_value": "altered" if broken else "intact",
                    "reason": message,
                }
                for contract, (broken, message) in results.items()
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
        """Build the evidence ZIP, keep it on the request and download it."""
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

    def _verify_history(self):
        """{request: (first broken event or False, translated message)}."""
        events_by_contract = self.event_ids.grouped("contract_id")
        results = {}
        for contract in self:
            events = events_by_contract.get(contract, self.env["energy.contract.event"])
            broken = events._verify_chain()
            if broken:
                message = self.env._(
                    "The history of %(name)s was altered: event %(sequence)s of "
                    "%(date)s does not match its SHA-256 or the previous event.",
                    name=contract.name,
                    sequence=broken.sequence,
                    date=format_datetime(self.env, broken.date),
                )
            else:
                message = self.env._(
                    "The history of %(name)s is intact: %(count)s events, each "
                    "chained to the previous one.",
                    name=contract.name,
                    count=len(events),
                )
            results[contract] = (broken, message)
        return results

    def _get_evidence_attachments(self):
        """Every document of the request: its own attachments and those linked
        to its events, without earlier evidence exports. Addons that keep
        documents elsewhere extend it."""
        self.ensure_one()
        own = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)], order="id"
        )
        attachments = own | self.event_ids.attachment_ids
        return attachments.filtered(
            lambda a: not (
                a.mimetype == EVIDENCE_MIMETYPE
                and (a.name or "").startswith(EVIDENCE_PREFIX)
            )
        ).sorted("id")

    def _evidence_event_rows(self, events):
        """One dict per event, with its hashes and whether each still holds."""
        rows = []
        previous = ""
        for event in events.sorted("sequence"):
            computed = event._compute_hash(event._payload_of_record())
            rows.append(
                {
                    "sequence": event.sequence,
                    "date": fields.Datetime.to_string(event.date),
                    "user": event.user_id.name,
                    "event_type": event.event_type,
                    "field_name": event.field_name or "",
                    "old_value": event.old_value or "",
                    "new_value": event.new_value or "",
                    "reason": event.reason or "",
                    "attachments": [
                        {"id": a.id, "name": a.name} for a in event.attachment_ids
                    ],
                    "previous_hash": event.previous_hash or "",
                    "hash": event.hash or "",
                    "computed_hash": computed,
                    "hash_valid": computed == event.hash,
                    "link_valid": (event.previous_hash or "") == previous,
                }
            )
            previous = event.hash or ""
        return rows

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
                "request": self.name,
                "request_id": self.id,
                "cups": self.cups or "",
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
        """The summary PDF, rendered with wkhtmltopdf even in test mode (the
        dossier must hold the real document)."""
        pdf, __ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(SUMMARY_REPORT, self.ids)
        )
        return pdf

    def _build_evidence_zip(self):
        """The evidence ZIP of one request, attached to it: contract PDFs,
        documents, events as CSV and JSON with their hashes and verification,
        the summary PDF, and the SHA-256 of every file. Logged in the history."""
        self.ensure_one()
        events = self.event_ids.sorted("sequence")
        broken = events._verify_chain()
        rows = self._evidence_event_rows(events)
        files = []
        for attachment in self._get_evidence_attachments():
            folder = (
                "contract"
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
            ("summary.pdf", self._render_summary_pdf()),
        ]
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
        filename = (
            f"{EVIDENCE_PREFIX}{re.sub(r'[^A-Za-z0-9]+', '_', self.name)}_{stamp}.zip"
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": content,
                "mimetype": EVIDENCE_MIMETYPE,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": self.id,
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
