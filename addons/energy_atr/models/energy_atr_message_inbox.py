# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Receiving the distributors' files: each one becomes an incoming message
with its raw file, parsed and validated with gestionatr; what cannot be read
or applied waits in the inbox with the reason, to be retried or dismissed.
(See ``atr_incoming`` for the whole incoming side.)"""

from odoo import api, fields, models

from . import atr_parse
from .atr_incoming import NOT_XML_ERRORS, AtrItem, spain_to_utc
from .energy_atr_message import INBOX_STATES


class EnergyAtrMessage(models.Model):
    _inherit = "energy.atr.message"

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_retry(self):
        """Parse, match and apply inbox messages again (after the data they
        needed was fixed: a case created, a contract corrected...)."""
        self.env["energy.atr.import"]._atr_check_import_access()
        self.check_access("write")
        messages = self.filtered(
            lambda m: m.direction == "in" and m.state in INBOX_STATES
        )
        if not messages:
            return True
        items = []
        parsed_list = [
            atr_parse.parse_atr_xml(message.attachment_id.sudo().raw or b"")
            for message in messages
        ]
        distributors = self._atr_distributors(p.sender_code for p in parsed_list)
        for message, parsed in zip(messages, parsed_list, strict=True):
            vals = message._atr_header_vals(parsed)
            vals["distributor_id"] = distributors.get(parsed.sender_code, False)
            if not parsed.valid:
                vals.update(message._atr_invalid_vals(parsed))
            message.write(vals)
            items.append(AtrItem(message, parsed))
        items = self._atr_skip_duplicate_files(items)
        self._atr_process([item for item in items if item.parsed.valid])
        return True

    # ------------------------------------------------------------------
    # Receiving
    # ------------------------------------------------------------------

    @api.model
    def _atr_receive(self, entries):
        """Create one incoming message per received file and apply them.
        Each entry: ``import`` (record or None), ``file_name``, ``raw``,
        ``problem`` (None or a code of ``_atr_problem_text``)."""
        if not entries:
            return self.browse()
        parsed_list = [self._atr_parse_entry(entry) for entry in entries]
        distributors = self._atr_distributors(p.sender_code for p in parsed_list)
        messages = self.create(
            [
                self._atr_received_vals(entry, parsed, distributors)
                for entry, parsed in zip(entries, parsed_list, strict=True)
            ]
        )
        messages._atr_attach_raw(entries, parsed_list)
        items = self._atr_skip_duplicate_files(
            [
                AtrItem(message, parsed)
                for message, parsed in zip(messages, parsed_list, strict=True)
            ]
        )
        self._atr_process([item for item in items if item.parsed.valid])
        return messages

    @api.model
    def _atr_parse_entry(self, entry):
        """What gestionatr reads in a received file, or the problem that kept
        it from being read (a broken ZIP member...)."""
        if entry.get("problem"):
            parsed = atr_parse.AtrParsed(atr_parse.xml_hash(entry["raw"]))
            parsed.error = entry["problem"]
            return parsed
        return atr_parse.parse_atr_xml(entry["raw"])

    @api.model
    def _atr_received_vals(self, entry, parsed, distributors):
        vals = {
            "distributor_id": distributors.get(parsed.sender_code, False),
            "company_id": self.env.company.id,
            "direction": "in",
            "import_id": entry["import"].id if entry.get("import") else False,
            "file_name": entry["file_name"],
            "xml_hash": parsed.xml_hash,
            **self._atr_header_vals(parsed),
        }
        if parsed.valid:
            vals.update(state="unmatched", error=False)
        else:
            vals.update(self._atr_invalid_vals(parsed))
        return vals

    def _atr_attach_raw(self, entries, parsed_list):
        """Keep each received file, byte for byte, as its message's
        attachment (an XML one unless it could not be read as XML)."""
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": message.file_name or "atr.xml",
                        "raw": entry["raw"],
                        "res_model": self._name,
                        "res_id": message.id,
                        "company_id": message.company_id.id,
                        **(
                            {"mimetype": "application/xml"}
                            if parsed.error not in NOT_XML_ERRORS
                            else {}
                        ),
                    }
                    for message, entry, parsed in zip(
                        self, entries, parsed_list, strict=True
                    )
                ]
            )
        )
        for message, attachment in zip(self, attachments, strict=True):
            message.attachment_id = attachment.id

    @api.model
    def _atr_header_vals(self, parsed):
        return {
            "process": (parsed.process or "")[:2] or False,
            "step": (parsed.step or "")[:2] or False,
            "request_code": parsed.request_code or False,
            "sequence": (parsed.sequence or "")[:2] or False,
            "date": spain_to_utc(parsed.date) or fields.Datetime.now(),
            "cups": parsed.cups or False,
            "sender_code": (parsed.sender_code or "")[:4] or False,
            "receiver_code": (parsed.receiver_code or "")[:4] or False,
        }

    @api.model
    def _atr_invalid_vals(self, parsed):
        return {
            "state": "invalid",
            "error": self._atr_problem_text(parsed.error, parsed.error_detail),
            "applied_key": False,
        }

    @api.model
    def _atr_problem_text(self, code, detail=None):
        """Translated reason why a received file could not be read."""
        texts = {
            atr_parse.ERROR_EMPTY: self.env._("The file is empty."),
            atr_parse.ERROR_NOT_XML: self.env._(
                "The file is not a well-formed XML file."
            ),
            atr_parse.ERROR_NOT_ATR: self.env._(
                "The file is XML but not a CNMC switching message: it has no "
                "header with a process and a step."
            ),
            atr_parse.ERROR_UNKNOWN_PROCESS: self.env._(
                "The process %(detail)s is not a known CNMC switching process.",
                detail=detail,
            ),
            atr_parse.ERROR_UNKNOWN_STEP: self.env._(
                "The step %(detail)s is not a known step of its process.",
                detail=detail,
            ),
            atr_parse.ERROR_UNKNOWN_TYPE: self.env._(
                "The message %(detail)s is not one of the messages allowed for its "
                "process and step.",
                detail=detail,
            ),
            atr_parse.ERROR_SCHEMA: self.env._(
                "The file does not comply with the CNMC XSD schema: %(detail)s",
                detail=detail,
            ),
            atr_parse.ERROR_HEADER: self.env._(
                "The header of the message is incomplete: %(detail)s", detail=detail
            ),
            "bad_zip": self.env._(
                "The file looks like a ZIP archive but cannot be opened."
            ),
            "bad_member": self.env._(
                "This file of the ZIP archive cannot be extracted."
            ),
            "too_big": self.env._(
                "This file of the ZIP archive is too large to be imported."
            ),
        }
        return texts.get(code) or self.env._(
            "The file cannot be read: %(detail)s", detail=detail or code
        )

    # ------------------------------------------------------------------
    # The inbox
    # ------------------------------------------------------------------

    @api.model
    def _atr_set_inbox(self, item, state, error):
        item.message.write(
            {
                "state": state,
                "error": error,
                "applied_key": False,
                "case_id": item.case.id if item.case else False,
            }
        )

    @api.model
    def _atr_skip_duplicate_files(self, items):
        """Files already received (same SHA-256) stay as duplicates."""
        hashes = {item.parsed.xml_hash for item in items}
        first = {}
        for row in self.search_read(
            [
                ("xml_hash", "in", list(hashes)),
                ("direction", "=", "in"),
                ("company_id", "=", self.env.company.id),
            ],
            ["xml_hash", "id", "file_name"],
            order="id",
        ):
            first.setdefault(row["xml_hash"], row)
        kept = []
        for item in items:
            original = first.get(item.parsed.xml_hash)
            if original and original["id"] != item.message.id:
                self._atr_set_inbox(
                    item,
                    "duplicate",
                    self.env._(
                        "This file was already received (message %(message)s, file "
                        "%(file)s): nothing was applied. Retry that message if "
                        "needed.",
                        message=original["id"],
                        file=original["file_name"] or "-",
                    ),
                )
            else:
                kept.append(item)
        return kept

    @api.model
    def _atr_distributors(self, codes):
        """{REE code: distributor id} of the given sender codes."""
        codes = [code for code in set(codes) if code]
        if not codes:
            return {}
        partners = self.env["res.partner"].search(
            [("is_energy_distributor", "=", True), ("energy_ree_code", "in", codes)]
        )
        return {partner.energy_ree_code: partner.id for partner in partners}
