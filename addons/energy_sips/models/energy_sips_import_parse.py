# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reading a SIPS import's rows: the header, the cells of each row turned into
a normalised record (tools/sips_format converts them), and the translated
problems that reject a row or drop a value."""

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.energy_base.models.energy_supply_point import normalize_cups

from ..tools import sips_format


class EnergySipsImport(models.Model):
    _inherit = "energy.sips.import"

    # ------------------------------------------------------------------
    # The header
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

    # ------------------------------------------------------------------
    # The cells of a row
    # ------------------------------------------------------------------

    @api.model
    def _parse_cells(self, header, cells):
        """A row's normalised record and the problems of its cells.

        :return: (record dict keyed by the normalised keys of
            sips_format, list of (level, message))
        """
        if cells is None:
            return {}, [("error", self.env._("The line is not valid CSV."))]
        if len(cells) != len(header.names):
            return self._parse_misaligned_cells(header, cells)
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
    def _parse_misaligned_cells(self, header, cells):
        """A row with more or fewer cells than the header is rejected; its
        CUPS, when the row reaches that column, still names it."""
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
    # Whole rows
    # ------------------------------------------------------------------

    @api.model
    def _usable_entries(self, entries, row_error=None):
        """Set aside the rows whose cells were rejected.

        :param entries: list of (line number, record, problems as (level,
            message))
        :param row_error: optional check of a whole record, returning a
            translated reason to reject it or False
        :return: (list of (line, record) to apply, the problems of every row
            as (line, cups, level, message))
        """
        usable = []
        problems = []
        for line, record, row_problems in entries:
            cups = (record.get("cups") or "")[:20] or False
            problems.extend((line, cups, level, msg) for level, msg in row_problems)
            if any(level == "error" for level, __ in row_problems):
                continue
            error = row_error and row_error(record)
            if error:
                problems.append((line, cups, "error", error))
                continue
            usable.append((line, record))
        return usable, problems

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

    @api.model
    def _unknown_tariff_message(self, code, tariffs):
        """Why a row naming an access tariff nobody knows is rejected."""
        return self.env._(
            "The access tariff code '%(code)s' is unknown; known codes: %(codes)s.",
            code=code,
            codes=", ".join(sorted(tariffs)),
        )
