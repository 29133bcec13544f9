# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SIPS import: the record, its entry points and the batch loop.

The rest of `energy.sips.import` lives beside it, one concern per file:
reading rows (`energy_sips_import_parse`), the reference data of a batch
(`energy_sips_import_reference`), supply points
(`energy_sips_import_supply_point`), consumption
(`energy_sips_import_consumption`) and the grouped writes both share
(`energy_sips_import_write`)."""

import io
import logging
import os
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError

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
# Rows read, validated and written together. Only server code chooses another
# size (the `batch_size` argument of `_process` and `_cron_process_queue`):
# tests and the benchmark pass it, no request context can.
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
        sips_import._attach_file(data, filename)
        if in_background:
            self.env.ref("energy_sips.ir_cron_energy_sips_import")._trigger()
        else:
            sips_import._process()
        return sips_import

    def _attach_file(self, data, filename):
        """Keep the imported file on the import."""
        self.ensure_one()
        self.attachment_id = self.env["ir.attachment"].create(
            {
                "name": filename or f"sips_{self.file_type}.csv",
                "raw": data,
                "res_model": self._name,
                "res_id": self.id,
                # Not text/*: Odoo would copy every word of a text file into
                # the database to index it, hundreds of MB for a SIPS file.
                "mimetype": "application/csv",
            }
        )

    @api.model
    def _cron_process_queue(self, batch_size=None):
        """Scheduled action: one batch of the oldest unfinished import per run.

        Reports progress to the scheduler, which commits after each run and
        calls again at once while rows remain.

        :param batch_size: rows per batch (DEFAULT_BATCH_SIZE when not given)
        """
        sips_import = self.search(
            [("state", "in", ("queued", "running"))], order="id", limit=1
        )
        if not sips_import:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        rows_before = sips_import.row_count
        try:
            with self.env.cr.savepoint():
                sips_import.with_company(sips_import.company_id)._process(
                    max_batches=1, batch_size=batch_size
                )
        except Exception as error:  # noqa: BLE001 - stop this file, keep the queue
            sips_import._mark_failed(error)
        done = sips_import.row_count - rows_before
        others = self.search(
            [("state", "in", ("queued", "running")), ("id", "!=", sips_import.id)]
        )
        remaining = sips_import._estimated_remaining_rows() + sum(
            other._estimated_remaining_rows() or 1 for other in others
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _mark_failed(self, error):
        """Stop the import for good on an error, logged and kept on it."""
        self.ensure_one()
        if isinstance(error, UserError):
            _logger.warning("SIPS import %s failed: %s", self.id, error)
        else:
            _logger.exception("SIPS import %s failed", self.id)
        self.write(
            {
                "state": "failed",
                "error_message": str(error),
                "date_done": fields.Datetime.now(),
            }
        )

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
    # Business methods: reading the file batch after batch
    # ------------------------------------------------------------------

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

    def _process(self, max_batches=None, batch_size=None):
        """Read the file from where it stopped and apply it, batch after batch.

        :param max_batches: stop after this many batches (the scheduled action
            processes one per run); None reads to the end
        :param batch_size: rows per batch (DEFAULT_BATCH_SIZE when not given)
        """
        batch_size = batch_size or DEFAULT_BATCH_SIZE
        for sips_import in self:
            if sips_import.state == "queued":
                sips_import.write(
                    {"state": "running", "date_start": fields.Datetime.now()}
                )
            with sips_import._open_stream() as stream:
                sips_import._process_stream(stream, max_batches, batch_size)

    def _process_stream(self, stream, max_batches, batch_size):
        """Apply the batches of the open file from the offset reached so far;
        mark the import done at the end of the file."""
        self.ensure_one()
        header, data_offset, header_lines = self._read_header_or_raise(
            stream, self.file_type
        )
        offset = self.file_offset or data_offset
        line_number = self.last_line_number or header_lines
        batches = 0
        while max_batches is None or batches < max_batches:
            rows = list(
                sips_format.iter_rows(stream, header, offset, line_number, batch_size)
            )
            if not rows:
                self._finish()
                return
            offset, line_number = rows[-1][2:]
            self._process_batch(header, [row[:2] for row in rows])
            self._save_position(offset, line_number)
            batches += 1
            # Free the cache between batches: imports run to 500 000 rows.
            self.env.flush_all()
            self.env.invalidate_all()
            if offset >= self.file_size:
                self._finish()
                return

    def _save_position(self, offset, line_number):
        """Remember where the next batch starts, and show the progress."""
        self.write(
            {
                "file_offset": offset,
                "last_line_number": line_number,
                "progress": min(100.0, 100.0 * offset / (self.file_size or 1)),
            }
        )

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
    # Business methods: one batch, and what it reports
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
        self._report_batch(counts, problems, row_count or len(entries))

    def _report_batch(self, counts, problems, row_count):
        """Record the problems of a batch and add its figures to the import's.

        :param counts: {"created", "updated", "unchanged": number of rows}
        :param problems: list of (line, cups, level, message)
        """
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
                "row_count": self.row_count + row_count,
                "created_count": self.created_count + counts["created"],
                "updated_count": self.updated_count + counts["updated"],
                "unchanged_count": self.unchanged_count + counts["unchanged"],
                "rejected_count": self.rejected_count + rejected,
                "warning_count": self.warning_count
                + sum(1 for problem in problems if problem[2] == "warning"),
            }
        )
