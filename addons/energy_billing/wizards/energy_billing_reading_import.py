# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.energy_billing_reading import KWH_FIELDS

REQUIRED_COLUMNS = ("cups", "date_start", "date_end")


class EnergyBillingReadingImport(models.TransientModel):
    """Imports consumption readings from a CSV file with the columns ``cups``,
    ``date_start``, ``date_end`` (YYYY-MM-DD) and ``kwh_p1`` … ``kwh_p6``
    (optional, dot or comma decimals). Good rows are imported, bad ones
    reported by line, the file kept; importing it twice changes nothing."""

    _name = "energy.billing.reading.import"
    _description = "Import Consumption Readings"

    file = fields.Binary(required=True)
    filename = fields.Char()
    imported_count = fields.Integer(readonly=True)
    skipped_count = fields.Integer(readonly=True)
    error_report = fields.Text(readonly=True)
    attachment_id = fields.Many2one("ir.attachment", readonly=True)

    def action_import(self):
        self.ensure_one()
        raw = base64.b64decode(self.file or b"")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(self.env._("The file is not UTF-8 text.")) from error
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", ",;")
        rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
        missing = [c for c in REQUIRED_COLUMNS if rows and c not in rows[0]]
        if not rows or missing:
            raise UserError(
                self.env._(
                    "The file needs a header line with the columns cups, date_start, "
                    "date_end and kwh_p1 to kwh_p6, and at least one row."
                )
            )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.filename or "readings.csv",
                "raw": raw,
                "res_model": self._name,
                "mimetype": "text/csv",
            }
        )
        points = self.env["energy.supply.point"].search(
            [("cups", "in", list({(r.get("cups") or "").strip()[:20] for r in rows}))]
        )
        by_cups = {p.cups: p for p in points}
        vals_list, errors = [], []
        for line_no, row in enumerate(rows, start=2):
            vals, error = self._row_vals(row, by_cups)
            if error:
                errors.append(
                    self.env._("Line %(line)s: %(error)s", line=line_no, error=error)
                )
            else:
                vals["attachment_id"] = attachment.id
                vals_list.append(vals)
        Reading = self.env["energy.billing.reading"]
        created = Reading.browse()
        for vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    created |= Reading.create([vals])
            except (UserError, ValueError) as error:
                errors.append(str(error))
        self.write(
            {
                "imported_count": len(created),
                "skipped_count": len(vals_list) - len(created),
                "error_report": "\n".join(errors),
                "attachment_id": attachment.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _row_vals(self, row, by_cups):
        cups = (row.get("cups") or "").strip().upper()
        point = by_cups.get(cups[:20])
        if not point:
            return None, self.env._("unknown CUPS %(cups)s.", cups=cups or "-")
        try:
            date_start = fields.Date.to_date(row["date_start"].strip())
            date_end = fields.Date.to_date(row["date_end"].strip())
        except (ValueError, AttributeError):
            return None, self.env._("dates must be written YYYY-MM-DD.")
        vals = {
            "supply_point_id": point.id,
            "company_id": point.company_id.id or self.env.company.id,
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
        if date_end < date_start:
            return None, self.env._("the window ends before it starts.")
        return vals, None
