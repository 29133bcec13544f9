# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import logging
import os
from collections import defaultdict
from contextlib import contextmanager

from stdnum.es import referenciacatastral

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.energy_base.models.energy_supply_point import normalize_cups

from ..tools import sips_format

_logger = logging.getLogger(__name__)

PERIODS = range(1, 7)
POWER_FIELDS = [f"power_p{period}_kw" for period in PERIODS]
KWH_FIELDS = [f"kwh_p{period}" for period in PERIODS]
DEMAND_FIELDS = [f"max_demand_p{period}_kw" for period in PERIODS]

# Normalised record keys copied as they are onto the supply point.
POINT_PLAIN_KEYS = (
    "voltage_v",
    "power_control_mode",
    "measure_point_type",
    "meter_owner",
    "meter_telemanaged",
    "is_essential_supply",
    "has_bono_social",
    "is_habitual_dwelling",
    "zip",
    "city",
    "date_supply_start",
    "date_last_contract_change",
    "date_last_retailer_change",
    "is_retailer_change_in_progress",
    "date_last_reading",
    "date_rights_limit",
    "is_suspended_for_debt",
    "is_contractable",
    "not_contractable_reason",
    "bie_max_power_kw",
    "apm_max_power_kw",
    "access_rights_kw",
    "extension_rights_kw",
)
# Supply point fields an import may write, read once per batch to compare.
POINT_COMPARED_FIELDS = (
    "cups",
    "cups_full",
    "company_id",
    "access_tariff_id",
    *POWER_FIELDS,
    *POINT_PLAIN_KEYS,
    "self_consumption_type",
    "cnae_id",
    "supply_use_id",
    "state_id",
    "country_id",
    "street",
    "street2",
    "cadastral_reference",
    "current_retailer_id",
    "distributor_id",
    "sips_distributor_code",
    "sips_municipality_code",
)
DEFAULT_BATCH_SIZE = 2000
# Uploads above this size are processed by the scheduled action, in batches
# committed one by one, instead of inside the upload request.
SYNC_LIMIT_BYTES = 2 * 1024 * 1024


class EnergySipsImport(models.Model):
    """One SIPS file (or one online look-up) applied to the supply points of a
    company: the file itself, what it changed, and every row it could not use.

    Rows are read and written in batches: one search for the CUPS of a batch,
    one create for the new points, grouped writes for the changed ones. Large
    files are processed by a scheduled action, one committed batch per run, so
    that progress shows and a crash loses at most one batch."""

    _name = "energy.sips.import"
    _description = "SIPS Import"
    _inherit = ["mail.thread"]
    _order = "id desc"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    file_type = fields.Selection(
        [(sips_format.PS, "Supply points"), (sips_format.CONSUMPTION, "Consumption")],
        required=True,
        readonly=True,
        help="Supply points: SIPS2026_PS_ELECTRICIDAD. "
        "Consumption: SIPS2026_CONSUMOS_ELECTRICIDAD.",
    )
    origin = fields.Selection(
        [
            ("upload", "Upload"),
            ("script", "Script or scheduled action"),
            ("lookup", "Online look-up"),
        ],
        required=True,
        readonly=True,
        default="upload",
    )
    provider_id = fields.Many2one(
        "energy.sips.provider", readonly=True, ondelete="set null"
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "In progress"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        required=True,
        readonly=True,
        default="queued",
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Run By", readonly=True, default=lambda self: self.env.user
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", readonly=True, ondelete="set null"
    )
    file_size = fields.Integer(string="File Size (bytes)", readonly=True)
    file_offset = fields.Integer(
        readonly=True, help="Bytes of the file read so far (technical)."
    )
    last_line_number = fields.Integer(
        readonly=True, help="Last line of the file read so far (technical)."
    )
    progress = fields.Float(readonly=True, help="Share of the file processed (%).")
    date_start = fields.Datetime(string="Started", readonly=True)
    date_done = fields.Datetime(string="Finished", readonly=True)
    row_count = fields.Integer(string="Rows Read", readonly=True)
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    unchanged_count = fields.Integer(string="Unchanged", readonly=True)
    rejected_count = fields.Integer(
        string="Rejected", readonly=True, help="Rows not written because of an error."
    )
    warning_count = fields.Integer(string="Warnings", readonly=True)
    line_ids = fields.One2many(
        "energy.sips.import.line", "import_id", string="Problems", readonly=True
    )
    error_message = fields.Text(
        readonly=True, help="Why the import stopped, when it failed."
    )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_open_file(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("This import has no file."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def action_view_supply_points(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_base.energy_supply_point_action"
        )
        action["domain"] = [("sips_import_id", "=", self.id)]
        return action

    def action_process_now(self):
        """Run a queued import inside this request (small files, or to retry)."""
        for sips_import in self:
            if sips_import.state not in ("queued", "running"):
                raise UserError(
                    self.env._(
                        "The import %(name)s is already finished.",
                        name=sips_import.name,
                    )
                )
            sips_import._process()
        return True

    # ------------------------------------------------------------------
    # Business methods: entry points
    # ------------------------------------------------------------------

    @api.model
    @api.private
    def import_file(
        self,
        file,
        file_type=None,
        filename=None,
        company=None,
        in_background=False,
        origin="script",
    ):
        """Import a SIPS CSV file; the method scripts and scheduled actions call.

        :param file: the file's content (bytes) or its path (str or Path)
        :param file_type: "ps" or "consumption"; detected from the header if
            not given
        :param company: company whose supply points are updated (current one
            by default)
        :param in_background: only queue the file for the scheduled action,
            which processes it in committed batches
        :return: the energy.sips.import record
        :raise UserError: when the file is empty, not a CSV text file, or its
            header does not name the columns of a SIPS layout; nothing is
            created then

        Not callable over RPC: it reads server paths. Users upload through
        the wizard.
        """
        if isinstance(file, str | os.PathLike):
            filename = filename or os.path.basename(os.fspath(file))
            with open(file, "rb") as handle:
                data = handle.read()
        else:
            data = file or b""
        company = company or self.env.company
        header = self._read_header_or_raise(io.BytesIO(data), file_type)[0]
        sips_import = self.with_company(company).create(
            {
                "name": filename or self.env._("SIPS file"),
                "company_id": company.id,
                "file_type": header.file_type,
                "origin": origin,
                "file_size": len(data),
            }
        )
        sips_import.attachment_id = self.env["ir.attachment"].create(
            {
                "name": filename or f"sips_{header.file_type}.csv",
                "raw": data,
                "res_model": self._name,
                "res_id": sips_import.id,
                # Not text/*: Odoo would copy every word of a text file into
                # the database to index it, hundreds of MB for a SIPS file.
                "mimetype": "application/csv",
            }
        )
        if in_background:
            self.env.ref("energy_sips.ir_cron_energy_sips_import")._trigger()
        else:
            sips_import._process()
        return sips_import

    @api.model
    def _cron_process_queue(self):
        """Scheduled action: one batch of the oldest unfinished import per run.

        Reports progress to the scheduler, which commits after each run and
        calls again at once while rows remain."""
        sips_import = self.search(
            [("state", "in", ("queued", "running"))], order="id", limit=1
        )
        if not sips_import:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        rows_before = sips_import.row_count
        try:
            with self.env.cr.savepoint():
                sips_import.with_company(sips_import.company_id)._process(max_batches=1)
        except Exception as error:  # noqa: BLE001 - stop this file, keep the queue
            if isinstance(error, UserError):
                _logger.warning("SIPS import %s failed: %s", sips_import.id, error)
            else:
                _logger.exception("SIPS import %s failed", sips_import.id)
            sips_import.write(
                {
                    "state": "failed",
                    "error_message": str(error),
                    "date_done": fields.Datetime.now(),
                }
            )
        done = sips_import.row_count - rows_before
        others = self.search(
            [("state", "in", ("queued", "running")), ("id", "!=", sips_import.id)]
        )
        remaining = sips_import._estimated_remaining_rows() + sum(
            other._estimated_remaining_rows() or 1 for other in others
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _estimated_remaining_rows(self):
        self.ensure_one()
        if self.state not in ("queued", "running"):
            return 0
        left = max(self.file_size - self.file_offset, 0)
        if not left:
            return 0
        if self.row_count and self.file_offset:
            return max(int(left * self.row_count / self.file_offset), 1)
        return max(left // 500, 1)

    # ------------------------------------------------------------------
    # Business methods: reading the file
    # ------------------------------------------------------------------

    @api.model
    def _read_header_or_raise(self, stream, file_type=None):
        try:
            return sips_format.read_header(stream, file_type)
        except sips_format.HeaderError as error:
            raise UserError(self._header_error_message(error)) from error

    @api.model
    def _header_error_message(self, error):
        types = dict(self._fields["file_type"]._description_selection(self.env))
        messages = {
            "empty": self.env._("The file is empty."),
            "binary": self.env._(
                "The file is not a CSV text file (it contains binary data)."
            ),
            "encoding": self.env._(
                "The file is not UTF-8 text. SIPS files are CSV in UTF-8."
            ),
            "not_csv": self.env._(
                "The file is not a comma-separated CSV file with a header row."
            ),
            "unknown_layout": self.env._(
                "The header row is not the one of a SIPS file: a supply-point file "
                "needs the columns %(ps)s and a consumption file the columns "
                "%(consumption)s.",
                ps=", ".join(sips_format.REQUIRED_COLUMNS[sips_format.PS]),
                consumption=", ".join(
                    sips_format.REQUIRED_COLUMNS[sips_format.CONSUMPTION]
                ),
            ),
            "missing_columns": self.env._(
                "The header row lacks columns a %(type)s file needs: %(columns)s.",
                type=types.get(error.params.get("file_type"), ""),
                columns=error.params.get("columns", ""),
            ),
        }
        return messages[error.code]

    @contextmanager
    def _open_stream(self):
        """The imported file as a seekable binary stream, without loading a
        file-store attachment into memory."""
        self.ensure_one()
        attachment = self.attachment_id.sudo()
        if attachment.store_fname:
            with open(attachment._full_path(attachment.store_fname), "rb") as stream:
                yield stream
        else:
            yield io.BytesIO(attachment.raw or b"")

    def _process(self, max_batches=None):
        """Read the file from where it stopped and apply it, batch after batch.

        :param max_batches: stop after this many batches (the scheduled action
            processes one per run); None reads to the end
        """
        batch_size = self.env.context.get("sips_batch_size") or DEFAULT_BATCH_SIZE
        for sips_import in self:
            if sips_import.state == "queued":
                sips_import.write(
                    {"state": "running", "date_start": fields.Datetime.now()}
                )
            with sips_import._open_stream() as stream:
                header, data_offset, header_lines = self._read_header_or_raise(
                    stream, sips_import.file_type
                )
                offset = sips_import.file_offset or data_offset
                line_number = sips_import.last_line_number or header_lines
                batches = 0
                while max_batches is None or batches < max_batches:
                    rows = list(
                        sips_format.iter_rows(
                            stream, header, offset, line_number, batch_size
                        )
                    )
                    if not rows:
                        sips_import._finish()
                        break
                    offset, line_number = rows[-1][2:]
                    sips_import._process_batch(header, [row[:2] for row in rows])
                    sips_import.write(
                        {
                            "file_offset": offset,
                            "last_line_number": line_number,
                            "progress": min(
                                100.0, 100.0 * offset / (sips_import.file_size or 1)
                            ),
                        }
                    )
                    batches += 1
                    # Free the cache between batches: imports run to 500 000 rows.
                    self.env.flush_all()
                    self.env.invalidate_all()
                    if offset >= sips_import.file_size:
                        sips_import._finish()
                        break

    def _finish(self):
        self.ensure_one()
        self.write(
            {
                "state": "done",
                "progress": 100.0,
                "date_done": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=self.env._(
                "%(rows)s rows read: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(rejected)s rejected, %(warnings)s "
                "warnings.",
                rows=self.row_count,
                created=self.created_count,
                updated=self.updated_count,
                unchanged=self.unchanged_count,
                rejected=self.rejected_count,
                warnings=self.warning_count,
            )
        )

    # ------------------------------------------------------------------
    # Business methods: one batch
    # ------------------------------------------------------------------

    def _process_batch(self, header, rows):
        """Parse, validate and apply a batch of rows.

        :param rows: list of (line number, list of cells or None when the CSV
            row could not be read)
        """
        self.ensure_one()
        entries = [(line, *self._parse_cells(header, cells)) for line, cells in rows]
        self._apply_entries(entries, row_count=len(rows))

    def _apply_entries(self, entries, row_count=None):
        """Apply normalised records (from a file or an online look-up).

        :param entries: list of (line number, record dict, problems) where
            problems is a list of (level, message)
        """
        self.ensure_one()
        if self.file_type == sips_format.PS:
            counts, problems = self._apply_point_entries(entries)
        else:
            counts, problems = self._apply_consumption_entries(entries)
        self.env["energy.sips.import.line"].create(
            [
                {
                    "import_id": self.id,
                    "line_number": line,
                    "cups": cups,
                    "level": level,
                    "message": message,
                }
                for line, cups, level, message in problems
            ]
        )
        rejected = len(
            {(line, cups) for line, cups, level, __ in problems if level == "error"}
        )
        self.write(
            {
                "row_count": self.row_count + (row_count or len(entries)),
                "created_count": self.created_count + counts["created"],
                "updated_count": self.updated_count + counts["updated"],
                "unchanged_count": self.unchanged_count + counts["unchanged"],
                "rejected_count": self.rejected_count + rejected,
                "warning_count": self.warning_count
                + sum(1 for problem in problems if problem[2] == "warning"),
            }
        )

    @api.model
    def _parse_cells(self, header, cells):
        """A row's normalised record and the problems of its cells.

        :return: (record dict keyed by the normalised keys of
            sips_format, list of (level, message))
        """
        if cells is None:
            return {}, [("error", self.env._("The line is not valid CSV."))]
        if len(cells) != len(header.names):
            cups_positions = [
                position
                for position, (__, key, __, __) in header.mapping.items()
                if key == "cups" and position < len(cells)
            ]
            cups = cells[cups_positions[0]].strip() if cups_positions else ""
            return {"cups": normalize_cups(cups)} if cups else {}, [
                (
                    "error",
                    self.env._(
                        "The line has %(count)s values but the header has "
                        "%(columns)s columns.",
                        count=len(cells),
                        columns=len(header.names),
                    ),
                )
            ]
        record = {}
        problems = []
        for position, (column, key, kind, severity) in header.mapping.items():
            value = cells[position]
            try:
                record[key] = sips_format.convert(kind, value)
            except ValueError:
                problems.append((severity, self._cell_error(column, kind, value)))
        cups = record.get("cups")
        cups_error = self.env["energy.supply.point"]._cups_error(cups or "")
        if cups_error:
            problems.append(("error", cups_error))
        else:
            record["cups"] = normalize_cups(cups)
        return record, problems

    @api.model
    def _cell_error(self, column, kind, value):
        if kind == "date":
            return self.env._(
                "%(column)s: '%(value)s' is not a date (YYYY-MM-DD).",
                column=column,
                value=value,
            )
        if kind in ("kw", "kwh"):
            return self.env._(
                "%(column)s: '%(value)s' is not a number of zero or more.",
                column=column,
                value=value,
            )
        if kind == "flag":
            return self.env._(
                "%(column)s: '%(value)s' is neither S nor N.",
                column=column,
                value=value,
            )
        return self.env._(
            "%(column)s: '%(value)s' is not a valid code.", column=column, value=value
        )

    # ------------------------------------------------------------------
    # Reference data of a batch
    # ------------------------------------------------------------------

    def _batch_references(self, records):
        """Everything a batch refers to by code, read with one query per table.

        :return: dict of dicts code -> record or id
        """
        codes = defaultdict(set)
        for record in records:
            for key in (
                "tariff_code",
                "cnae_code",
                "supply_use_code",
                "province_code",
                "distributor_code",
                "retailer_code",
            ):
                if record.get(key):
                    codes[key].add(record[key])
        tariffs = {
            tariff.code: tariff
            for tariff in self.env["energy.access.tariff"].search_fetch(
                [],
                [
                    "code",
                    "name",
                    "power_period_count",
                    "max_power_kw",
                    "min_top_power_kw",
                    "ascending_powers",
                    "voltage_min_v",
                    "voltage_max_v",
                ],
            )
        }
        references = {"tariffs": tariffs}
        if codes["cnae_code"]:
            references["cnae"] = {
                cnae.code: cnae.id
                for cnae in self.env["energy.cnae"].search_fetch(
                    [("code", "in", list(codes["cnae_code"]))], ["code"]
                )
            }
        if codes["supply_use_code"]:
            references["uses"] = {
                use.code: use.id
                for use in self.env["energy.supply.use"].search_fetch(
                    [("code", "in", list(codes["supply_use_code"]))], ["code"]
                )
            }
        if codes["province_code"]:
            wanted = {
                sips_format.PROVINCE_BY_INE[code]: code
                for code in codes["province_code"]
                if code in sips_format.PROVINCE_BY_INE
            }
            states = self.env["res.country.state"].search_fetch(
                [("country_id.code", "=", "ES"), ("code", "in", list(wanted))],
                ["code", "country_id"],
            )
            references["states"] = {
                wanted[state.code]: (state.id, state.country_id.id) for state in states
            }
        partners = self.env["res.partner"].with_context(active_test=False)
        if codes["distributor_code"]:
            references["distributors"] = {
                partner.energy_ree_code: partner.id
                for partner in partners.search_fetch(
                    [
                        ("is_energy_distributor", "=", True),
                        ("energy_ree_code", "in", list(codes["distributor_code"])),
                    ],
                    ["energy_ree_code"],
                    order="id",
                )
            }
        if codes["retailer_code"]:
            references["retailers"] = self._retailers_by_code(codes["retailer_code"])
        return references

    def _retailers_by_code(self, codes):
        """Retailer partners by REE code; creates "Retailer <code>" once for each
        code nobody has yet. The company itself answers for its own code."""
        partners = self.env["res.partner"].with_context(active_test=False)
        retailers = {}
        for partner in partners.search_fetch(
            [("is_energy_retailer", "=", True), ("energy_ree_code", "in", list(codes))],
            ["energy_ree_code"],
            order="id desc",
        ):
            retailers[partner.energy_ree_code] = partner.id
        own_code = self.company_id.energy_ree_code
        if own_code in codes and own_code not in retailers:
            retailers[own_code] = self.company_id.partner_id.id
        missing = sorted(set(codes) - set(retailers))
        if missing:
            # Competitors are market reference data: any importer may add them.
            created = (
                partners.sudo()
                .with_context(tracking_disable=True)
                .create(
                    [
                        {
                            "name": self.env._("Retailer %(code)s", code=code),
                            "is_company": True,
                            "is_energy_retailer": True,
                            "energy_ree_code": code,
                        }
                        for code in missing
                    ]
                )
            )
            retailers.update(zip(missing, created.ids, strict=True))
        return retailers

    # ------------------------------------------------------------------
    # Supply points
    # ------------------------------------------------------------------

    def _apply_point_entries(self, entries):
        """Create or update the supply points of a batch of SIPS PS records.

        :return: (counts dict, problems as (line, cups, level, message))
        """
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        problems = []
        usable = []
        for line, record, row_problems in entries:
            cups = (record.get("cups") or "")[:20] or False
            problems.extend((line, cups, level, msg) for level, msg in row_problems)
            if any(level == "error" for level, __ in row_problems):
                continue
            usable.append((line, record))
        if not usable:
            return counts, problems

        references = self._batch_references([record for __, record in usable])
        routing = self.env["energy.distributor.prefix"]._get_routing_table()
        Point = self.env["energy.supply.point"].with_context(active_test=False)
        existing = Point.sudo().search_fetch(
            [("cups", "in", [record["cups"][:20] for __, record in usable])],
            POINT_COMPARED_FIELDS,
        )
        own = {}
        elsewhere = {}
        for point in existing:
            if point.company_id == self.company_id:
                own[point.cups] = point.with_env(Point.env)
            else:
                elsewhere.setdefault(point.cups, point.company_id.name)

        seen = {}
        to_create = []
        to_write = defaultdict(list)
        for line, record in usable:
            cups = record["cups"][:20]
            if cups in seen:
                problems.append(
                    (
                        line,
                        cups,
                        "error",
                        self.env._(
                            "The CUPS %(cups)s already appears on line %(line)s.",
                            cups=cups,
                            line=seen[cups],
                        ),
                    )
                )
                continue
            seen[cups] = line
            point = own.get(cups)
            if not point and cups in elsewhere:
                problems.append(
                    (
                        line,
                        cups,
                        "error",
                        self.env._(
                            "The CUPS %(cups)s belongs to the company %(company)s; "
                            "it was not changed.",
                            cups=cups,
                            company=elsewhere[cups],
                        ),
                    )
                )
                continue
            vals, row_problems = self._prepare_point_values(
                record, references, routing, point
            )
            problems.extend((line, cups, level, msg) for level, msg in row_problems)
            if any(level == "error" for level, __ in row_problems):
                continue
            if not point:
                to_create.append((line, cups, vals))
                continue
            changes = self._point_changes(point, vals)
            if changes:
                changes.update(
                    {
                        "sips_date": fields.Date.context_today(self),
                        "sips_import_id": self.id,
                    }
                )
                to_write[self._freeze(changes)].append((line, point))
            else:
                counts["unchanged"] += 1

        created, failures = self._create_points(to_create)
        counts["created"] += created
        problems.extend(failures)
        updated, failures = self._write_groups(to_write)
        counts["updated"] += updated
        problems.extend(failures)
        return counts, problems

    def _prepare_point_values(self, record, references, routing, point):
        """Supply point values for a SIPS record.

        :param point: the existing supply point, or an empty recordset
        :return: (vals, problems as (level, message))
        """
        problems = []
        vals = {}
        tariff = references["tariffs"].get(record.get("tariff_code"))
        if not tariff:
            problems.append(
                (
                    "error",
                    self.env._(
                        "The access tariff code '%(code)s' is unknown; known codes: "
                        "%(codes)s.",
                        code=record.get("tariff_code") or "",
                        codes=", ".join(sorted(references["tariffs"])),
                    ),
                )
            )
            return vals, problems
        vals["access_tariff_id"] = tariff.id
        if len(record["cups"]) > 20:
            vals["cups_full"] = record["cups"]
        powers = [record.get(fname) or 0.0 for fname in POWER_FIELDS]
        beyond = powers[tariff.power_period_count :]
        if any(beyond):
            problems.append(
                (
                    "warning",
                    self.env._(
                        "%(tariff)s has %(count)s power periods; the powers given for "
                        "the other periods were ignored.",
                        tariff=tariff.name,
                        count=tariff.power_period_count,
                    ),
                )
            )
            powers = powers[: tariff.power_period_count] + [0.0] * len(beyond)
        voltage = record.get("voltage_v") or 0
        if not any(powers):
            problems.append(("error", self.env._("The row gives no contracted power.")))
            return vals, problems
        errors = tariff._power_errors(powers, voltage)
        if errors:
            problems.extend(("error", error) for error in errors)
            return vals, problems
        vals.update(zip(POWER_FIELDS, powers, strict=True))

        for key in POINT_PLAIN_KEYS:
            if record.get(key) is not None:
                vals[key] = record[key]
        self._prepare_point_codes(record, references, vals, problems, point)
        self._prepare_point_address(record, references, vals, problems)
        self._prepare_point_partners(record, references, routing, vals, point)
        return vals, problems

    def _prepare_point_codes(self, record, references, vals, problems, point):
        if record.get("cnae_code"):
            cnae_id = references.get("cnae", {}).get(record["cnae_code"])
            if cnae_id:
                vals["cnae_id"] = cnae_id
            else:
                problems.append(
                    (
                        "warning",
                        self.env._(
                            "The CNAE code %(code)s is not in the CNAE table; add it "
                            "under Energy > Configuration.",
                            code=record["cnae_code"],
                        ),
                    )
                )
        if record.get("supply_use_code"):
            use_id = references.get("uses", {}).get(record["supply_use_code"])
            if use_id:
                vals["supply_use_id"] = use_id
            else:
                problems.append(
                    (
                        "warning",
                        self.env._(
                            "The supply type %(code)s is not in the supply use table.",
                            code=record["supply_use_code"],
                        ),
                    )
                )
        modality = record.get("self_consumption_type")
        if modality == "with_self_consumption":
            if not point or point.self_consumption_type == "none":
                problems.append(
                    (
                        "warning",
                        self.env._(
                            "SIPS reports self-consumption without its modality; set "
                            "the modality on the supply point."
                        ),
                    )
                )
        elif modality:
            vals["self_consumption_type"] = modality
        if record.get("distributor_code"):
            vals["sips_distributor_code"] = record["distributor_code"]
        if record.get("municipality_code"):
            vals["sips_municipality_code"] = record["municipality_code"]
        reference = record.get("cadastral_reference")
        if reference:
            reference = reference.replace(" ", "").upper()
            if referenciacatastral.is_valid(reference):
                vals["cadastral_reference"] = reference
            else:
                problems.append(
                    (
                        "warning",
                        self.env._(
                            "The cadastral reference %(reference)s is not valid; it "
                            "was ignored.",
                            reference=reference,
                        ),
                    )
                )

    def _prepare_point_address(self, record, references, vals, problems):
        if not record.get("city") and record.get("town"):
            vals["city"] = record["town"]
        street, street2 = sips_format.street_lines(record)
        if street:
            vals["street"] = street
        if street2:
            vals["street2"] = street2
        code = record.get("province_code")
        if code:
            state = references.get("states", {}).get(code)
            if state:
                vals["state_id"], vals["country_id"] = state
            else:
                problems.append(
                    (
                        "warning",
                        self.env._(
                            "The province code %(code)s is not an INE province code.",
                            code=code,
                        ),
                    )
                )

    def _prepare_point_partners(self, record, references, routing, vals, point):
        """Retailer from its REE code; distributor from the CUPS prefix routing.

        The prefix routing names the ATR addressee and wins; the distributor
        code of the SIPS row is used only when no prefix matches. A distributor
        a user overrode (with a reason) is kept."""
        if record.get("retailer_code"):
            vals["current_retailer_id"] = references["retailers"][
                record["retailer_code"]
            ]
        cups = record["cups"][:20]
        state_id = vals.get("state_id") or (point.state_id.id if point else False)
        derived = self.env["energy.distributor.prefix"]._resolve_distributors(
            [(cups, state_id)], table=routing
        )[(cups, state_id)]
        from_code = references.get("distributors", {}).get(
            record.get("distributor_code")
        )
        if point and point.distributor_id:
            current_expected = self.env[
                "energy.distributor.prefix"
            ]._resolve_distributors([(cups, point.state_id.id)], table=routing)[
                (cups, point.state_id.id)
            ]
            if current_expected and point.distributor_id.id != current_expected:
                vals["distributor_id"] = point.distributor_id.id  # overridden
                return
        distributor = (
            derived or from_code or (point.distributor_id.id if point else False)
        )
        if distributor:
            vals["distributor_id"] = distributor

    @api.model
    def _point_changes(self, point, vals):
        """The values of `vals` that differ from the point's."""
        changes = {}
        for fname, value in vals.items():
            field = point._fields[fname]
            current = point[fname]
            if field.type == "many2one":
                differs = current.id != (value or False)
            elif field.type == "float":
                differs = float_compare(
                    current or 0.0, value or 0.0, precision_digits=3
                )
            elif field.type in ("char", "text", "selection"):
                differs = (current or False) != (value or False)
            else:
                differs = current != value
            if differs:
                changes[fname] = value
        if "state_id" in changes and "distributor_id" not in changes:
            # Keep the distributor when the province changes under it.
            changes["distributor_id"] = point.distributor_id.id
        return changes

    @api.model
    def _freeze(self, vals):
        return tuple(sorted(vals.items()))

    def _create_points(self, to_create):
        """Create new points as prospects in one call; if a record breaks a rule
        the batch did not foresee, retry one by one to report it.

        :return: (number created, problems)"""
        if not to_create:
            return 0, []
        today = fields.Date.context_today(self)
        vals_list = []
        for __, cups, vals in to_create:
            vals = dict(vals)
            vals.update(
                {
                    "cups": vals.pop("cups_full", None) or cups,
                    "company_id": self.company_id.id,
                    "status": "prospect",
                    "sips_date": today,
                    "sips_import_id": self.id,
                }
            )
            vals_list.append(vals)
        Point = self.env["energy.supply.point"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        try:
            with self.env.cr.savepoint():
                Point.create(vals_list)
                self.env.flush_all()
            return len(vals_list), []
        except (UserError, ValidationError) as error:
            _logger.info(
                "SIPS import %s: creating the batch failed (%s); row by row now",
                self.id,
                error,
            )
        created = 0
        problems = []
        for (line, cups, __), vals in zip(to_create, vals_list, strict=True):
            try:
                with self.env.cr.savepoint():
                    Point.create([vals])
                    self.env.flush_all()
                created += 1
            except (UserError, ValidationError) as error:
                problems.append((line, cups, "error", str(error)))
        return created, problems

    def _write_groups(self, to_write):
        """One write per distinct set of changes; rows that break a rule are
        retried alone and reported.

        :param to_write: {frozen changes: [(line, point)]}
        :return: (number updated, problems)"""
        if not to_write:
            return 0, []
        # Chatter tracking costs two inserts per changed record: files of
        # thousands of rows are traced by the import itself (the points keep
        # sips_import_id); look-ups of a few CUPS keep the field history.
        env = self.env(
            context=dict(self.env.context, tracking_disable=self.origin != "lookup")
        )
        try:
            with self.env.cr.savepoint():
                for frozen, rows in to_write.items():
                    model = env[rows[0][1]._name]
                    model.browse([record.id for __, record in rows]).write(dict(frozen))
                self.env.flush_all()
            return sum(len(rows) for rows in to_write.values()), []
        except (UserError, ValidationError) as error:
            _logger.info(
                "SIPS import %s: writing the batch failed (%s); row by row now",
                self.id,
                error,
            )
        updated = 0
        problems = []
        for frozen, rows in to_write.items():
            for line, point in rows:
                try:
                    with self.env.cr.savepoint():
                        point.with_env(env).write(dict(frozen))
                        self.env.flush_all()
                    updated += 1
                except (UserError, ValidationError) as error:
                    problems.append((line, point.cups, "error", str(error)))
        return updated, problems

    # ------------------------------------------------------------------
    # Consumption
    # ------------------------------------------------------------------

    def _apply_consumption_entries(self, entries):
        """Create or update monthly consumption from SIPS CONSUMOS records.

        Rows entered from invoices, readings or by hand are more reliable than
        SIPS and are never overwritten."""
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        problems = []
        usable = []
        for line, record, row_problems in entries:
            cups = (record.get("cups") or "")[:20] or False
            problems.extend((line, cups, level, msg) for level, msg in row_problems)
            if any(level == "error" for level, __ in row_problems):
                continue
            error = self._consumption_row_error(record)
            if error:
                problems.append((line, cups, "error", error))
                continue
            usable.append((line, record))
        if not usable:
            return counts, problems

        tariffs = self._batch_references([])["tariffs"]
        Point = self.env["energy.supply.point"].with_context(active_test=False)
        points = Point.sudo().search_fetch(
            [("cups", "in", list({record["cups"][:20] for __, record in usable}))],
            ["cups", "company_id"],
        )
        own = {}
        elsewhere = {}
        for point in points:
            if point.company_id == self.company_id:
                own[point.cups] = point.id
            else:
                elsewhere.setdefault(point.cups, point.company_id.name)
        Consumption = self.env["energy.supply.point.consumption"]
        existing = {
            (row.supply_point_id.id, row.date_start, row.date_end): row
            for row in Consumption.search_fetch(
                [
                    ("supply_point_id", "in", list(own.values())),
                    ("date_start", "in", list({r["date_start"] for __, r in usable})),
                ],
                [
                    "supply_point_id",
                    "date_start",
                    "date_end",
                    "source",
                    "access_tariff_id",
                    *KWH_FIELDS,
                    *DEMAND_FIELDS,
                ],
            )
        }
        seen = {}
        to_create = []
        to_write = defaultdict(list)
        for line, record in usable:
            cups = record["cups"][:20]
            point_id = own.get(cups)
            if not point_id:
                if cups in elsewhere:
                    message = self.env._(
                        "The CUPS %(cups)s belongs to the company %(company)s; its "
                        "consumption was not imported.",
                        cups=cups,
                        company=elsewhere[cups],
                    )
                else:
                    message = self.env._(
                        "There is no supply point with the CUPS %(cups)s: import the "
                        "supply-point file first.",
                        cups=cups,
                    )
                problems.append((line, cups, "error", message))
                continue
            tariff = tariffs.get(record.get("tariff_code"))
            if record.get("tariff_code") and not tariff:
                problems.append(
                    (
                        line,
                        cups,
                        "error",
                        self.env._(
                            "The access tariff code '%(code)s' is unknown; known "
                            "codes: %(codes)s.",
                            code=record["tariff_code"],
                            codes=", ".join(sorted(tariffs)),
                        ),
                    )
                )
                continue
            key = (point_id, record["date_start"], record["date_end"])
            if key in seen:
                problems.append(
                    (
                        line,
                        cups,
                        "error",
                        self.env._(
                            "This period of %(cups)s already appears on line %(line)s.",
                            cups=cups,
                            line=seen[key],
                        ),
                    )
                )
                continue
            seen[key] = line
            vals = {
                "access_tariff_id": tariff.id if tariff else False,
                **{fname: record.get(fname) or 0.0 for fname in KWH_FIELDS},
                **{fname: record.get(fname) or 0.0 for fname in DEMAND_FIELDS},
            }
            row = existing.get(key)
            if not row:
                to_create.append(
                    {
                        "supply_point_id": point_id,
                        "date_start": record["date_start"],
                        "date_end": record["date_end"],
                        "source": "sips",
                        **vals,
                    }
                )
                continue
            changes = self._point_changes(row, vals) if row.source == "sips" else {}
            if changes:
                to_write[self._freeze(changes)].append((line, row))
            else:
                counts["unchanged"] += 1
        if to_create:
            Consumption.create(to_create)
            counts["created"] += len(to_create)
        updated, failures = self._write_groups(to_write)
        counts["updated"] += updated
        problems.extend(failures)
        return counts, problems

    @api.model
    def _consumption_row_error(self, record):
        if not record.get("date_start") or not record.get("date_end"):
            return self.env._("The reading period has no start or end date.")
        if record["date_end"] < record["date_start"]:
            return self.env._(
                "The reading period ends (%(end)s) before it starts (%(start)s).",
                end=record["date_end"],
                start=record["date_start"],
            )
        return False
