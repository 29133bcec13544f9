# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .energy_billing_reading import KWH_FIELDS

REQUIRED_COLUMNS = ("cups", "date_start", "date_end")

_logger = logging.getLogger(__name__)


class EnergyBillingReadingImport(models.Model):
    """One CSV file of consumption readings (columns ``cups``, ``date_start``,
    ``date_end`` as YYYY-MM-DD, ``kwh_p1`` … ``kwh_p6`` with dot or comma
    decimals), kept with what it produced: good rows are imported, bad ones
    reported by line; importing the same rows again changes nothing."""

    _name = "energy.billing.reading.import"
    _description = "Consumption Readings Import"
    _order = "date desc, id desc"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(string="File Name")
    file = fields.Binary(
        string="CSV File", attachment=False, help="The CSV file to import."
    )
    attachment_id = fields.Many2one(
        "ir.attachment",
        string="Imported File",
        readonly=True,
        ondelete="restrict",
        copy=False,
    )
    date = fields.Datetime(readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Imported By", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "To Import"), ("done", "Imported")],
        required=True,
        default="draft",
        readonly=True,
    )
    reading_ids = fields.One2many(
        "energy.billing.reading", "import_id", string="Readings", readonly=True
    )
    imported_count = fields.Integer(string="Imported", readonly=True)
    unchanged_count = fields.Integer(
        string="Unchanged",
        readonly=True,
        help="Rows equal to a reading already imported: nothing was changed.",
    )
    error_count = fields.Integer(string="Errors", readonly=True)
    error_report = fields.Text(readonly=True)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_import(self):
        """Read the file, import its valid rows and keep the file and the
        report of its bad rows. A file that cannot be read changes nothing."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This file was already imported."))
        raw = base64.b64decode(self.file or b"")
        rows = self._read_rows(raw)
        name = self.name or "readings.csv"
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": raw,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "text/csv",
            }
        )
        vals_list, errors = self._rows_vals(rows)
        for vals in vals_list:
            vals["import_id"] = self.id
            vals["attachment_id"] = attachment.id
        created, create_errors = self._create_readings(vals_list)
        errors += create_errors
        self.write(
            {
                "state": "done",
                "file": False,
                "name": name,
                "attachment_id": attachment.id,
                "date": fields.Datetime.now(),
                "user_id": self.env.uid,
                "imported_count": len(created),
                "unchanged_count": len(vals_list) - len(created) - len(create_errors),
                "error_count": len(errors),
                "error_report": "\n".join(errors),
            }
        )
        return True

    # ------------------------------------------------------------------
    # Reading the file
    # ------------------------------------------------------------------

    def _read_rows(self, raw):
        """[(line number, row dict)] of the file, or a UserError saying why
        the file cannot be read at all."""
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(self.env._("The file is not UTF-8 text.")) from error
        first = text.splitlines()[0] if text.strip() else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = [column.strip().lower() for column in reader.fieldnames or []]
        if any(column not in header for column in REQUIRED_COLUMNS):
            raise UserError(
                self.env._(
                    "The file needs a header line with the columns cups, date_start, "
                    "date_end and kwh_p1 to kwh_p6."
                )
            )
        reader.fieldnames = header
        rows = [(number, row) for number, row in enumerate(reader, start=2)]
        if not rows:
            raise UserError(self.env._("The file has no reading."))
        return rows

    def _rows_vals(self, rows):
        cups_list = {(row.get("cups") or "").strip().upper()[:20] for __, row in rows}
        points = self.env["energy.supply.point"].search(
            [("cups", "in", list(cups_list))]
        )
        by_cups = {point.cups: point for point in points}
        vals_list, errors = [], []
        for number, row in rows:
            vals, error = self._row_vals(row, by_cups)
            if error:
                errors.append(
                    self.env._("Line %(line)s: %(error)s", line=number, error=error)
                )
            else:
                vals["_line"] = number
                vals_list.append(vals)
        return vals_list, errors

    def _row_vals(self, row, by_cups):
        cups = (row.get("cups") or "").strip().upper()
        point = by_cups.get(cups[:20])
        if not point:
            return None, self.env._("unknown CUPS %(cups)s.", cups=cups or "-")
        try:
            date_start = fields.Date.to_date((row.get("date_start") or "").strip())
            date_end = fields.Date.to_date((row.get("date_end") or "").strip())
        except ValueError:
            date_start = date_end = None
        if not (date_start and date_end):
            return None, self.env._("dates must be written YYYY-MM-DD.")
        if date_end < date_start:
            return None, self.env._("the window ends before it starts.")
        vals = {
            "supply_point_id": point.id,
            "company_id": point.company_id.id or self.company_id.id,
            "date_start": date_start,
            "date_end": date_end,
            "source": "csv",
        }
        for fname in KWH_FIELDS:
            value = (row.get(fname) or "0").strip().replace(",", ".")
            try:
                vals[fname] = float(value or 0)
            except ValueError:
                return None, self.env._(
                    "%(column)s is not a number: %(value)s.", column=fname, value=value
                )
            if vals[fname] < 0:
                return None, self.env._("%(column)s is negative.", column=fname)
        return vals, None

    @api.model
    def _create_readings(self, vals_list):
        """Create the readings in one batch; when the batch fails, row by row
        so that each bad row is reported and the others imported."""
        Reading = self.env["energy.billing.reading"]
        lines = [vals.pop("_line") for vals in vals_list]
        try:
            with self.env.cr.savepoint():
                return Reading.create(vals_list), []
        except (UserError, ValidationError) as error:
            _logger.info("Reading import: batch refused (%s), row by row", error)
        created, errors = Reading.browse(), []
        for line, vals in zip(lines, vals_list, strict=True):
            try:
                with self.env.cr.savepoint():
                    created |= Reading.create([vals])
            except (UserError, ValidationError) as error:
                errors.append(
                    self.env._(
                        "Line %(line)s: %(error)s", line=line, error=error.args[0]
                    )
                )
        return created, errors
