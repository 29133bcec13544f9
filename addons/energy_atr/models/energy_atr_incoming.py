# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Incoming side of the switching: files received from the distributors (one
XML or a ZIP, uploaded or picked up from a folder) are parsed and validated
with gestionatr (``atr_parse``), stored as incoming messages with their raw
file, matched to their case and applied to the case and its request.

Applying works in batches: the messages of one kind (acceptances,
activations...) move their requests with one call of the request's action
per distinct set of arguments, inside a savepoint. When a batch fails it is
split in halves until the failing messages are isolated: those stay in the
inbox with the reason, the others are applied. Nothing is applied twice (the
applied key is unique per company) and re-importing a file changes nothing."""

import io
import logging
import os
import shutil
import zipfile
from collections import defaultdict
from functools import partial

import psycopg2
import pytz
from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from . import atr_parse
from .energy_atr_message import INBOX_STATES

_logger = logging.getLogger(__name__)

SPAIN_TZ = "Europe/Madrid"
ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_ZIP_DEPTH = 2
PROCESSED_FOLDER = "processed"
# Problems after which the file is not stored as XML.
NOT_XML_ERRORS = (
    atr_parse.ERROR_EMPTY,
    atr_parse.ERROR_NOT_XML,
    "bad_zip",
    "bad_member",
    "too_big",
)
POWER_PERIODS = range(1, 7)
# TABLA_51 power control mode -> supply point selection
POWER_CONTROL_MODES = {"1": "icp", "2": "maximeter"}
# Order in which the messages of one case are applied within one import.
KIND_RANK = {
    atr_parse.KIND_ACCEPTANCE: 1,
    atr_parse.KIND_OUTGOING_ACCEPTANCE: 1,
    atr_parse.KIND_INCIDENCE: 2,
    atr_parse.KIND_REJECTION: 3,
    atr_parse.KIND_OUTGOING_REJECTION: 3,
    atr_parse.KIND_ACTIVATION: 4,
    atr_parse.KIND_OUTGOING_ACTIVATION: 4,
    atr_parse.KIND_CANCEL_ACCEPTANCE: 5,
    atr_parse.KIND_CANCEL_REJECTION: 5,
    atr_parse.KIND_CLAIM_CLOSURE: 6,
    atr_parse.KIND_OTHER: 7,
}
# Request states from which each distributor answer moves the request, and
# the move (None: the request is already there, only the case changes).
CONTRACT_MOVES = {
    atr_parse.KIND_ACCEPTANCE: {
        "submitted": "accept",
        "incident": "accept",
        "accepted": None,
        "active": None,
    },
    atr_parse.KIND_REJECTION: {
        "submitted": "reject",
        "incident": "reject",
        "accepted": "reject",
        "rejected": None,
    },
    atr_parse.KIND_INCIDENCE: {
        "submitted": "incident",
        "accepted": "incident",
        "incident": None,
    },
    atr_parse.KIND_ACTIVATION: {
        "accepted": "activate",
        "submitted": "accept_activate",
        "incident": "accept_activate",
        "active": None,
    },
    atr_parse.KIND_OUTGOING_ACTIVATION: {"active": "terminate", "terminated": None},
    atr_parse.KIND_OUTGOING_ACCEPTANCE: {"active": None},
    atr_parse.KIND_OUTGOING_REJECTION: {"active": None, "terminated": None},
    atr_parse.KIND_CANCEL_ACCEPTANCE: {
        "cancelled": None,
        "submitted": "cancel",
        "incident": "cancel",
        "accepted": "cancel",
    },
}
# Requests that are the supply contract of a point (not a change of it).
SUPPLY_REQUEST_TYPES = (
    "new_supply",
    "switch",
    "switch_changes",
    "holder_change_switch",
)


def _to_date(value):
    if not value:
        return False
    try:
        return fields.Date.to_date(value[:10])
    except ValueError:
        return False


def _spain_to_utc(value):
    """Naive UTC datetime of a CNMC FechaSolicitud (Spanish local time)."""
    if not value:
        return False
    try:
        local = fields.Datetime.to_datetime(value[:19])
    except ValueError:
        return False
    return (
        pytz.timezone(SPAIN_TZ)
        .localize(local)
        .astimezone(pytz.utc)
        .replace(tzinfo=None)
    )


def _move_files(moves):
    """Post-commit: move imported files to the processed folder."""
    for source, target_dir in moves:
        try:
            os.makedirs(target_dir, exist_ok=True)
            name = os.path.basename(source)
            target = os.path.join(target_dir, name)
            stem, ext = os.path.splitext(name)
            counter = 1
            while os.path.exists(target):
                target = os.path.join(target_dir, f"{stem}-{counter}{ext}")
                counter += 1
            shutil.move(source, target)
        except OSError:
            _logger.exception("Could not move the imported ATR file %s", source)


class _Item:
    """One incoming message being matched and applied."""

    __slots__ = ("message", "parsed", "case", "contract", "move", "date")

    def __init__(self, message, parsed):
        self.message = message
        self.parsed = parsed
        self.case = None
        self.contract = None
        self.move = None
        self.date = _spain_to_utc(parsed.date) or fields.Datetime.now()

    @property
    def kind(self):
        return self.parsed.kind

    def rank(self):
        return (
            KIND_RANK.get(self.parsed.kind, 9),
            self.date,
            self.parsed.sequence or "",
            self.message.id,
        )


class EnergyAtrImport(models.Model):
    _inherit = "energy.atr.import"

    # ------------------------------------------------------------------
    # Public API
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
            partial(_move_files, [(os.path.join(path, n), target_dir) for n in names])
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
            items.append(_Item(message, parsed))
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
        company = self.env.company
        parsed_list = []
        for entry in entries:
            if entry.get("problem"):
                parsed = atr_parse.AtrParsed(atr_parse.xml_hash(entry["raw"]))
                parsed.error = entry["problem"]
            else:
                parsed = atr_parse.parse_atr_xml(entry["raw"])
            parsed_list.append(parsed)
        distributors = self._atr_distributors(p.sender_code for p in parsed_list)
        vals_list = []
        for entry, parsed in zip(entries, parsed_list, strict=True):
            vals = {
                "distributor_id": distributors.get(parsed.sender_code, False),
                "company_id": company.id,
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
            vals_list.append(vals)
        messages = self.create(vals_list)
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
                        "company_id": company.id,
                        **(
                            {"mimetype": "application/xml"}
                            if parsed.error not in NOT_XML_ERRORS
                            else {}
                        ),
                    }
                    for message, entry, parsed in zip(
                        messages, entries, parsed_list, strict=True
                    )
                ]
            )
        )
        for message, attachment in zip(messages, attachments, strict=True):
            message.attachment_id = attachment.id
        items = self._atr_skip_duplicate_files(
            [
                _Item(message, parsed)
                for message, parsed in zip(messages, parsed_list, strict=True)
            ]
        )
        self._atr_process([item for item in items if item.parsed.valid])
        return messages

    @api.model
    def _atr_header_vals(self, parsed):
        return {
            "process": (parsed.process or "")[:2] or False,
            "step": (parsed.step or "")[:2] or False,
            "request_code": parsed.request_code or False,
            "sequence": (parsed.sequence or "")[:2] or False,
            "date": _spain_to_utc(parsed.date) or fields.Datetime.now(),
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
    # Matching
    # ------------------------------------------------------------------

    @api.model
    def _atr_process(self, items):
        """Match valid messages to their cases, set the inbox ones aside and
        apply the others."""
        if not items:
            return
        company = self.env.company
        our_code = company.energy_ree_code
        cases = self._atr_cases(items, company)
        to_apply = []
        needs_case = []
        for item in items:
            parsed = item.parsed
            if not our_code:
                self._atr_set_inbox(
                    item,
                    "error",
                    self.env._(
                        "The company %(company)s has no REE code: set it to import "
                        "switching messages.",
                        company=company.display_name,
                    ),
                )
                continue
            if parsed.receiver_code != our_code:
                self._atr_set_inbox(
                    item,
                    "not_ours",
                    self.env._(
                        "The message is addressed to the REE code %(receiver)s, not "
                        "to ours (%(ours)s).",
                        receiver=parsed.receiver_code or "-",
                        ours=our_code,
                    ),
                )
                continue
            case = cases.get(parsed.request_code)
            if not case:
                if parsed.kind in atr_parse.OUTGOING_KINDS:
                    needs_case.append(item)
                else:
                    self._atr_set_inbox(
                        item, "unmatched", self._atr_no_case_text(parsed)
                    )
                continue
            item.case = case
            problem = self._atr_match_problem(item)
            if problem:
                # the message names the case but does not belong to it
                item.case = None
                self._atr_set_inbox(item, "unmatched", problem)
                continue
            to_apply.append(item)
        to_apply += self._atr_open_outgoing_cases(needs_case, company)
        to_apply = self._atr_skip_applied(to_apply, company)
        self._atr_apply(to_apply)

    @api.model
    def _atr_no_case_text(self, parsed):
        processes = self.env["energy.atr.case"]._fields["process"].get_values(self.env)
        if parsed.process not in processes:
            return self.env._(
                "The process %(process)s (step %(step)s, request %(code)s) is started "
                "by the distributor and is not applied automatically: review it.",
                process=parsed.process,
                step=parsed.step,
                code=parsed.request_code,
            )
        return self.env._(
            "No switching case has the request code %(code)s.",
            code=parsed.request_code,
        )

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

    @api.model
    def _atr_cases(self, items, company):
        codes = {item.parsed.request_code for item in items}
        cases = self.env["energy.atr.case"].search(
            [("name", "in", list(codes)), ("company_id", "=", company.id)]
        )
        return {case.name: case for case in cases}

    @api.model
    def _atr_match_problem(self, item):
        """Why the message does not belong to the case it names, or False."""
        parsed, case = item.parsed, item.case
        expected = case.distributor_code or case.distributor_id.energy_ree_code
        if expected and parsed.sender_code != expected:
            return self.env._(
                "The case %(case)s is with the distributor %(expected)s, but the "
                "message comes from %(sender)s.",
                case=case.name,
                expected=expected,
                sender=parsed.sender_code or "-",
            )
        if case.cups and parsed.cups_base != case.cups[:20]:
            return self.env._(
                "The CUPS of the message (%(cups)s) is not the CUPS of the case "
                "%(case)s (%(case_cups)s).",
                cups=parsed.cups or "-",
                case=case.name,
                case_cups=case.cups,
            )
        if parsed.process != case.process:
            return self.env._(
                "The message is of process %(process)s but the case %(case)s is a "
                "%(case_process)s.",
                process=parsed.process,
                case=case.name,
                case_process=case.process,
            )
        outgoing_kind = parsed.kind in atr_parse.OUTGOING_KINDS
        if outgoing_kind and case.role != "outgoing":
            return self.env._(
                "The step %(process)s-%(step)s is a notice to the outgoing retailer, "
                "but the case %(case)s is a request of ours.",
                process=parsed.process,
                step=parsed.step,
                case=case.name,
            )
        if not outgoing_kind and case.role == "outgoing":
            return self.env._(
                "The step %(process)s-%(step)s answers a request of ours, but in the "
                "case %(case)s we are the outgoing retailer.",
                process=parsed.process,
                step=parsed.step,
                case=case.name,
            )
        return False

    @api.model
    def _atr_open_outgoing_cases(self, items, company):
        """Notices to the outgoing retailer (C1/C2 06/11/12) for a request of
        another retailer: when we serve the CUPS (an active contract of ours on
        the point), open an `outgoing` case for it; otherwise the message is
        not ours."""
        if not items:
            return []
        Contract = self.env["energy.contract"]
        cups = {item.parsed.cups_base for item in items}
        contracts = Contract.search(
            [
                ("cups", "in", list(cups)),
                ("company_id", "=", company.id),
                ("state", "=", "active"),
                ("request_type", "in", SUPPLY_REQUEST_TYPES),
            ],
            order="date_activated desc, id desc",
        )
        by_cups = {}
        for contract in contracts:
            by_cups.setdefault(contract.cups, contract)
        opened = []
        vals_by_code = {}
        for item in items:
            contract = by_cups.get(item.parsed.cups_base)
            if not contract:
                self._atr_set_inbox(
                    item,
                    "not_ours",
                    self.env._(
                        "We do not supply the CUPS %(cups)s (no active contract of "
                        "ours on it): this notice is not for us.",
                        cups=item.parsed.cups or "-",
                    ),
                )
                continue
            parsed = item.parsed
            vals_by_code.setdefault(
                parsed.request_code,
                {
                    "name": parsed.request_code,
                    "process": parsed.process,
                    "role": "outgoing",
                    "company_id": company.id,
                    "contract_id": contract.id,
                    "supply_point_id": contract.supply_point_id.id,
                    "cups": parsed.cups_base,
                    "distributor_id": item.message.distributor_id.id
                    or contract.supply_point_id.distributor_id.id,
                    "distributor_code": parsed.sender_code,
                    "state": "open",
                    "step": parsed.step,
                    "date_opened": fields.Datetime.now(),
                    "date_last_message": item.date,
                },
            )
            opened.append(item)
        if not vals_by_code:
            return []
        by_code, errors = self._atr_create_cases(vals_by_code)
        applicable = []
        for item in opened:
            code = item.parsed.request_code
            if code in by_code:
                item.case = by_code[code]
                applicable.append(item)
            else:
                self._atr_set_inbox(item, "error", errors[code])
        return applicable

    @api.model
    def _atr_create_cases(self, vals_by_code):
        """Create the cases in one batch, or one by one when the batch fails.
        Returns ({code: case}, {code: translated error})."""
        Case = self.env["energy.atr.case"].with_context(
            mail_create_nolog=True, mail_notrack=True
        )
        try:
            with self.env.cr.savepoint():
                cases = Case.create(list(vals_by_code.values()))
            return {case.name: case for case in cases}, {}
        except (UserError, ValidationError, psycopg2.Error) as error:
            if len(vals_by_code) == 1:
                return {}, {code: self._atr_error_text(error) for code in vals_by_code}
        created, errors = {}, {}
        for code, vals in vals_by_code.items():
            one_created, one_errors = self._atr_create_cases({code: vals})
            created.update(one_created)
            errors.update(one_errors)
        return created, errors

    @api.model
    def _atr_skip_applied(self, items, company):
        """Messages whose process/request/step/sequence was already applied
        stay as duplicates (also within the same import)."""
        keys = {item.parsed.applied_key for item in items}
        applied = {
            row["applied_key"]: row["id"]
            for row in self.search_read(
                [("applied_key", "in", list(keys)), ("company_id", "=", company.id)],
                ["applied_key"],
            )
        }
        kept = []
        for item in sorted(items, key=lambda i: i.message.id):
            key = item.parsed.applied_key
            if key in applied and applied[key] != item.message.id:
                self._atr_set_inbox(
                    item,
                    "duplicate",
                    self.env._(
                        "The step %(key)s was already applied (message %(message)s): "
                        "it is not applied twice.",
                        key=key,
                        message=applied[key] or "-",
                    ),
                )
                continue
            applied[key] = item.message.id
            kept.append(item)
        return kept

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------

    @api.model
    def _atr_apply(self, items):
        """Apply in rounds (the first message of each case, then the second...)
        and, in each round, per kind: one batch per kind, split when it fails."""
        by_case = defaultdict(list)
        for item in items:
            by_case[item.case.id].append(item)
        queues = [sorted(queue, key=_Item.rank) for queue in by_case.values()]
        depth = max((len(queue) for queue in queues), default=0)
        for index in range(depth):
            round_items = [queue[index] for queue in queues if len(queue) > index]
            by_kind = defaultdict(list)
            for item in round_items:
                by_kind[item.kind].append(item)
            for kind in sorted(by_kind, key=lambda k: KIND_RANK.get(k, 9)):
                group = self._atr_plan(kind, by_kind[kind])
                if group:
                    self._atr_apply_safely(kind, group)

    @api.model
    def _atr_plan(self, kind, items):
        """Decide how each message moves its request; messages that cannot
        apply go to the inbox. Returns the applicable ones."""
        moves = CONTRACT_MOVES.get(kind)
        planned = []
        state_labels = dict(
            self.env["energy.contract"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        for item in items:
            contract = item.case.contract_id
            if (
                moves is None
                or not contract
                or item.parsed.process not in atr_parse.CONTRACT_PROCESSES
            ):
                planned.append(item)
                continue
            if contract.state not in moves:
                self._atr_set_inbox(
                    item,
                    "error",
                    self.env._(
                        "The request %(request)s is %(state)s: the step "
                        "%(process)s-%(step)s cannot be applied to it.",
                        request=contract.name,
                        state=state_labels.get(contract.state, contract.state),
                        process=item.parsed.process,
                        step=item.parsed.step,
                    ),
                )
                continue
            item.contract = contract
            item.move = moves[contract.state]
            planned.append(item)
        return planned

    @api.model
    def _atr_apply_safely(self, kind, items):
        """Apply ``items`` in one savepoint; on failure split the batch in
        halves, down to the single messages that fail (they go to the inbox)."""
        handler = getattr(self, f"_atr_apply_{kind}", self._atr_apply_other)
        try:
            with self.env.cr.savepoint():
                handler(items)
                self._atr_mark_applied(items)
            return
        except Exception as error:
            if len(items) == 1:
                self._atr_apply_failed(items[0], error)
                return
        middle = len(items) // 2
        self._atr_apply_safely(kind, items[:middle])
        self._atr_apply_safely(kind, items[middle:])

    @api.model
    def _atr_apply_failed(self, item, error):
        if isinstance(error, psycopg2.errors.UniqueViolation) and "applied_key" in str(
            error
        ):
            state = "duplicate"
            text = self.env._(
                "The step %(key)s was already applied: it is not applied twice.",
                key=item.parsed.applied_key,
            )
        else:
            state = "error"
            text = self._atr_error_text(error)
            if not isinstance(error, UserError | ValidationError):
                _logger.exception(
                    "ATR message %s could not be applied", item.message.id
                )
        self._atr_set_inbox(item, state, text)

    @api.model
    def _atr_error_text(self, error):
        if isinstance(error, UserError | ValidationError | AccessError):
            return self.env._("Could not apply: %(reason)s", reason=error.args[0])
        return self.env._(
            "Could not apply because of an unexpected error: %(error)s",
            error=str(error) or error.__class__.__name__,
        )

    @api.model
    def _atr_mark_applied(self, items):
        """The messages are applied: state, applied key, an `atr_message` event
        with the file on each request and a note on each case."""
        for item in items:
            item.message.write(
                {
                    "state": "applied",
                    "error": False,
                    "applied_key": item.parsed.applied_key,
                    "case_id": item.case.id,
                }
            )
        cases = (
            self.env["energy.atr.case"]
            .with_context(mail_notrack=True)
            .browse(list(dict.fromkeys(item.case.id for item in items)))
        )
        cases._set_next_deadline()
        summaries = {item.message.id: self._atr_summary(item) for item in items}
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": item.case.contract_id.id,
                    "event_type": "atr_message",
                    "new_value": f"{item.parsed.process}-{item.parsed.step}",
                    "reason": summaries[item.message.id],
                    "attachment_ids": item.message.attachment_id.ids,
                }
                for item in items
                if item.case.contract_id
            ]
        )
        bodies = defaultdict(list)
        for item in items:
            bodies[item.case.id].append(escape(summaries[item.message.id]))
        cases.with_context(mail_notrack=True)._message_log_batch(
            bodies={
                case_id: Markup("<br/>").join(lines)
                for case_id, lines in bodies.items()
            }
        )

    @api.model
    def _atr_summary(self, item):
        """One translated line describing what the message said."""
        parsed = item.parsed
        head = self.env._(
            "%(process)s-%(step)s from %(distributor)s",
            process=parsed.process,
            step=parsed.step,
            distributor=item.message.distributor_id.display_name or parsed.sender_code,
        )
        kind = parsed.kind
        if kind == atr_parse.KIND_ACCEPTANCE:
            detail = self.env._(
                "accepted; activation %(type)s expected on %(date)s.",
                type=self._atr_activation_label(parsed.activation_type),
                date=parsed.date_expected or "-",
            )
        elif kind in (atr_parse.KIND_REJECTION, atr_parse.KIND_CANCEL_REJECTION):
            detail = self.env._(
                "rejected: %(reasons)s.",
                reasons=self._atr_reasons_label(parsed.reasons, "TABLA_27"),
            )
        elif kind == atr_parse.KIND_INCIDENCE:
            detail = self.env._(
                "incidence: %(reasons)s.",
                reasons=self._atr_reasons_label(parsed.reasons, "TABLA_28"),
            )
        elif kind == atr_parse.KIND_ACTIVATION:
            detail = self.env._(
                "activated on %(date)s, access contract %(code)s.",
                date=parsed.date_activated or "-",
                code=parsed.contract_code or "-",
            )
        elif kind == atr_parse.KIND_OUTGOING_ACTIVATION:
            detail = self.env._(
                "another retailer supplies the point since %(date)s.",
                date=parsed.date_activated or "-",
            )
        elif kind == atr_parse.KIND_OUTGOING_ACCEPTANCE:
            detail = self.env._(
                "another retailer's switch was accepted, expected on %(date)s.",
                date=parsed.date_expected or "-",
            )
        elif kind == atr_parse.KIND_OUTGOING_REJECTION:
            detail = self.env._("another retailer's switch was rejected or cancelled.")
        elif kind == atr_parse.KIND_CANCEL_ACCEPTANCE:
            detail = self.env._("the cancellation was accepted.")
        elif kind == atr_parse.KIND_CLAIM_CLOSURE:
            detail = self.env._("the claim was closed.")
        else:
            detail = self.env._("received.")
        return f"{head}: {detail}"

    @api.model
    def _atr_activation_label(self, code):
        if not code:
            return "-"
        return f"{code} ({self._atr_table_label(code, 'TABLA_55')})"

    @api.model
    def _atr_reasons_label(self, reasons, table):
        return "; ".join(
            f"{code} {self._atr_table_label(code, table)}" for code, _c in reasons
        )

    @api.model
    def _atr_table_label(self, code, table):
        from gestionatr.utils import get_description

        try:
            return get_description(code, table)
        except ValueError:
            return "?"

    # Handlers, one per kind: write the cases, move the requests in batches.

    @api.model
    def _atr_contracts(self, items, move):
        contracts = self.env["energy.contract"].browse(
            list(dict.fromkeys(item.contract.id for item in items if item.move == move))
        )
        return contracts.with_context(
            energy_contract_skip_exit_checks=True, mail_notrack=True
        )

    @api.model
    def _atr_write_cases(self, items, values_fn):
        for item in items:
            item.case.with_context(mail_notrack=True).write(
                {
                    "step": item.parsed.step,
                    "date_last_message": item.date,
                    **values_fn(item),
                }
            )

    def _atr_apply_acceptance(self, items):
        self._atr_write_cases(
            items,
            lambda item: {
                "state": "accepted",
                "activation_type": item.parsed.activation_type or False,
                "date_expected_activation": _to_date(item.parsed.date_expected),
            },
        )
        contracts = self._atr_contracts(items, "accept")
        if contracts:
            contracts.action_accept()

    def _atr_apply_rejection(self, items):
        codes = {code for item in items for code, _c in item.parsed.reasons}
        reasons = self.env["energy.atr.reject.reason"]._get_by_codes(codes)
        for item in items:
            parsed = item.parsed
            ids = [reasons[code].id for code, _c in parsed.reasons if code in reasons]
            details = "\n".join(
                f"{code}: {comment}" if comment else code
                for code, comment in parsed.reasons
            )
            item.case.with_context(mail_notrack=True).write(
                {
                    "state": "rejected",
                    "step": parsed.step,
                    "date_last_message": item.date,
                    "reject_reason_ids": [Command.set(ids)],
                    "reject_text": details,
                }
            )
            item.message.reject_reason_ids = [Command.set(ids)]
        to_reject = [item for item in items if item.move == "reject"]
        groups = defaultdict(list)
        for item in to_reject:
            codes = ", ".join(code for code, _c in item.parsed.reasons)
            labels = "; ".join(
                f"{code} {reasons[code].name}" if code in reasons else code
                for code, _c in item.parsed.reasons
            )
            reason = self.env._(
                "Rejected by the distributor (%(process)s-%(step)s): %(reasons)s",
                process=item.parsed.process,
                step=item.parsed.step,
                reasons=labels,
            )
            groups[(reason, codes)].append(item)
        for (reason, codes), group in groups.items():
            self._atr_contracts(group, "reject").action_reject(reason, code=codes)
        self._atr_notify_rejection(to_reject)

    def _atr_notify_rejection(self, items):
        """A message to the customer and the channel on each rejected request,
        signed by the user who imports or, when they have no e-mail address
        (the scheduled import, a shared account), by the company. Without any
        address the rejection is still applied and the request says that
        nobody was notified."""
        user_partner = self.env.user.partner_id
        for item in items:
            contract = item.contract
            partners = contract.partner_id | contract.channel_id
            lang = contract.partner_id.lang or self.env.lang
            contract = contract.with_context(lang=lang)
            body = Markup("<p>%s</p><p>%s</p>") % (
                contract.env._(
                    "The distributor rejected the request %(request)s for the supply "
                    "point %(cups)s.",
                    request=contract.name,
                    cups=contract.cups,
                ),
                contract.state_reason or "",
            )
            author = (
                user_partner if user_partner.email else contract.company_id.partner_id
            )
            if not author.email:
                contract._message_log(
                    body=body
                    + Markup("<p>%s</p>")
                    % contract.env._(
                        "Nobody was notified: set an e-mail address on the "
                        "company or on the user who imports the files."
                    )
                )
                continue
            contract.with_context(mail_notrack=True).message_post(
                body=body,
                author_id=author.id,
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )

    def _atr_apply_incidence(self, items):
        for item in items:
            item.case.with_context(mail_notrack=True).write(
                {
                    "state": "incident",
                    "step": item.parsed.step,
                    "date_last_message": item.date,
                    "incident_text": self._atr_incidence_details(item),
                }
            )
        groups = defaultdict(list)
        for item in items:
            if item.move == "incident":
                groups[self._atr_incidence_reason(item)].append(item)
        for reason, group in groups.items():
            self._atr_contracts(group, "incident").action_incident(reason)
        self.env["energy.atr.case"].with_context(mail_notrack=True).browse(
            list({item.case.id for item in items})
        )._set_next_deadline()
        self._atr_schedule_answers(items)

    def _atr_incidence_details(self, item):
        lines = [
            f"{code} {self._atr_table_label(code, 'TABLA_28')}"
            + (f": {comment}" if comment else "")
            for code, comment in item.parsed.reasons
        ]
        if item.parsed.date_action:
            lines.append(
                self.env._(
                    "Expected action date: %(date)s", date=item.parsed.date_action
                )
            )
        return "\n".join(lines)

    def _atr_incidence_reason(self, item):
        return self.env._(
            "Incidence reported by the distributor (%(process)s-%(step)s): %(details)s",
            process=item.parsed.process,
            step=item.parsed.step,
            details=self._atr_reasons_label(item.parsed.reasons, "TABLA_28"),
        )

    def _atr_schedule_answers(self, items):
        """An activity on each request for its phase owner (or responsible) to
        answer the incidence (step 13)."""
        groups = defaultdict(list)
        for item in items:
            contract = item.case.contract_id
            if not contract:
                continue
            user = contract.phase_owner_user_id or contract.user_id or self.env.user
            groups[(user.id, item.case.deadline)].append(item)
        for (user_id, deadline), group in groups.items():
            for item in group:
                item.case.contract_id.with_context(mail_notrack=True).activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=deadline or fields.Date.context_today(self),
                    summary=self.env._("Answer the distributor's incidence (step 13)"),
                    note=escape(self._atr_incidence_details(item)).replace(
                        "\n", Markup("<br/>")
                    ),
                    user_id=user_id,
                )

    def _atr_apply_activation(self, items):
        tariff_codes = {
            item.parsed.tariff_code for item in items if item.parsed.tariff_code
        }
        tariffs = {
            tariff.code: tariff
            for tariff in self.env["energy.access.tariff"].search(
                [("code", "in", list(tariff_codes))]
            )
        }
        self._atr_write_cases(
            items,
            lambda item: {
                "state": "activated",
                "date_activated": _to_date(item.parsed.date_activated),
                "access_contract_code": item.parsed.contract_code or False,
            },
        )
        contract_values = defaultdict(list)
        point_values = defaultdict(list)
        for item in items:
            contract_vals, point_vals = self._atr_final_data(item, tariffs)
            if item.contract and contract_vals and item.move:
                contract_values[tuple(sorted(contract_vals.items()))].append(
                    item.contract.id
                )
            point = item.case.supply_point_id or item.case.contract_id.supply_point_id
            if point and point_vals:
                point_values[tuple(sorted(point_vals.items()))].append(point.id)
        Contract = self.env["energy.contract"].with_context(mail_notrack=True)
        for values, ids in contract_values.items():
            Contract.browse(ids).write(dict(values))
        Point = self.env["energy.supply.point"].with_context(mail_notrack=True)
        for values, ids in point_values.items():
            Point.browse(ids).write(dict(values))
        to_accept = self._atr_contracts(items, "accept_activate")
        if to_accept:
            to_accept.action_accept()
        by_date = defaultdict(list)
        for item in items:
            if item.move in ("activate", "accept_activate"):
                by_date[_to_date(item.parsed.date_activated) or None].append(item)
        for date, group in by_date.items():
            contracts = self._atr_contracts(group, "activate") | self._atr_contracts(
                group, "accept_activate"
            )
            contracts.action_activate(date_activated=date)

    @api.model
    def _atr_final_data(self, item, tariffs):
        """(contract values, supply point values) of an activation's final
        data: powers (W -> kW), tariff, power control and measure point type."""
        parsed = item.parsed
        if parsed.process not in ("A3", "C1", "C2", "M1"):
            return {}, {}
        contract_vals = {}
        if parsed.powers_w:
            watts = dict(parsed.powers_w)
            contract_vals.update(
                {
                    f"power_p{period}_kw": watts.get(period, 0) / 1000.0
                    for period in POWER_PERIODS
                }
            )
        tariff = tariffs.get(parsed.tariff_code)
        if tariff:
            contract_vals["access_tariff_id"] = tariff.id
        point_vals = dict(contract_vals)
        if parsed.contract_code:
            contract_vals["access_contract_code"] = parsed.contract_code
        if parsed.power_control in POWER_CONTROL_MODES:
            point_vals["power_control_mode"] = POWER_CONTROL_MODES[parsed.power_control]
        measure = (parsed.measure_point_type or "").lstrip("0")
        if measure in ("1", "2", "3", "4", "5"):
            point_vals["measure_point_type"] = measure
        return contract_vals, point_vals

    def _atr_apply_outgoing_activation(self, items):
        self._atr_write_cases(
            items,
            lambda item: {
                "state": "closed",
                "date_activated": _to_date(item.parsed.date_activated),
            },
        )
        by_date = defaultdict(list)
        for item in items:
            if item.move == "terminate":
                by_date[_to_date(item.parsed.date_activated) or None].append(item)
        for date, group in by_date.items():
            self._atr_contracts(group, "terminate").action_terminate(
                self.env._(
                    "The customer switched to another retailer (notice %(process)s-06 "
                    "of the distributor).",
                    process=group[0].parsed.process,
                ),
                termination_reason="switched_to_competitor",
                date=date,
            )

    def _atr_apply_outgoing_acceptance(self, items):
        self._atr_write_cases(
            items,
            lambda item: {
                "state": "accepted",
                "date_expected_activation": _to_date(item.parsed.date_expected),
            },
        )

    def _atr_apply_outgoing_rejection(self, items):
        self._atr_write_cases(items, lambda item: {"state": "closed"})

    def _atr_apply_cancellation_acceptance(self, items):
        self._atr_write_cases(items, lambda item: {"state": "cancelled"})
        contracts = self._atr_contracts(items, "cancel")
        if contracts:
            contracts.action_cancel(
                self.env._("Cancellation accepted by the distributor.")
            )

    def _atr_apply_cancellation_rejection(self, items):
        codes = {code for item in items for code, _c in item.parsed.reasons}
        reasons = self.env["energy.atr.reject.reason"]._get_by_codes(codes)
        self._atr_write_cases(
            items,
            lambda item: {
                "state": "accepted" if item.case.activation_type else "open",
                "reject_text": "\n".join(
                    f"{code}: {comment}" for code, comment in item.parsed.reasons
                ),
            },
        )
        for item in items:
            item.message.reject_reason_ids = [
                Command.set(
                    [reasons[c].id for c, _x in item.parsed.reasons if c in reasons]
                )
            ]
            contract = item.case.contract_id
            if contract:
                contract.with_context(mail_notrack=True).activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("The distributor refused the cancellation"),
                    note=escape(self._atr_summary(item)),
                    user_id=(contract.user_id or self.env.user).id,
                )

    def _atr_apply_claim_closure(self, items):
        self._atr_write_cases(items, lambda item: {"state": "closed"})

    def _atr_apply_other(self, items):
        """Steps with no effect on the request: recorded on the case."""
        self._atr_write_cases(items, lambda item: {})
