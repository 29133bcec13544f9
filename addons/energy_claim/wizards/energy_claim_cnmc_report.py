# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The CNMC claims report of a period (Circular 2/2016: type, subtype,
claimant, dates, result, waiting time per responsible party, CUPS affected)
as CSV or XLSX, with the claims' indicators per subtype and channel."""

import base64
import csv
import datetime
import io
import math
import statistics

import pytz
import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.energy_atr.models.energy_atr_deadline import SPAIN_TZ

from ..models.energy_claim_hold import working_days_between

# (column, header) of the claims sheet, in the order of the file. The
# headers are the report's format, not user interface: never translated.
COLUMNS = [
    ("number", "CodigoReclamacion"),
    ("date_received", "FechaRecepcion"),
    ("origin", "Origen"),
    ("type", "Tipo"),
    ("subtype", "Subtipo"),
    ("claimant", "TipoReclamante"),
    ("cups_count", "NumeroCUPS"),
    ("cups", "CUPS"),
    ("date_answered", "FechaRespuesta"),
    ("result", "Resultado"),
    ("detail", "DetalleResultado"),
    ("days_us", "DiasComercializadora"),
    ("days_customer", "DiasCliente"),
    ("days_distributor", "DiasDistribuidora"),
    ("days_other", "DiasOtros"),
    ("days_to_answer", "DiasHastaRespuesta"),
    ("in_time", "EnPlazo"),
    ("reopen_count", "Reaperturas"),
    ("channel", "CanalVenta"),
]
KPI_COLUMNS = [
    ("group", "Agrupacion"),
    ("key", "Valor"),
    ("claims", "Reclamaciones"),
    ("answered", "Respondidas"),
    ("in_time_pct", "PorcentajeEnPlazo"),
    ("median_days", "MedianaDias"),
    ("p90_days", "P90Dias"),
    ("reopen_pct", "PorcentajeReapertura"),
]


def percentile(values, fraction):
    """Nearest-rank percentile of `values` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


class EnergyClaimCnmcReport(models.TransientModel):
    _name = "energy.claim.cnmc.report"
    _description = "CNMC Claims Report"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_dates()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_dates()[1]
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    file_format = fields.Selection(
        [("xlsx", "Excel (XLSX)"), ("csv", "CSV")], required=True, default="xlsx"
    )
    data = fields.Binary(string="File", readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.model
    def _default_dates(self):
        """The previous calendar quarter."""
        today = fields.Date.context_today(self)
        first = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        last = first - datetime.timedelta(days=1)
        return datetime.date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_from > report.date_to:
                raise ValidationError(
                    self.env._("The report period must start before it ends.")
                )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_export(self):
        self.ensure_one()
        rows = self._report_rows()
        if not rows:
            raise UserError(
                self.env._(
                    "No claim was received between %(start)s and %(end)s.",
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        if self.file_format == "csv":
            content = self._render_csv(rows)
        else:
            content = self._render_xlsx(rows, self._kpi_rows(rows))
        filename = (
            f"reclamaciones_cnmc_{self.date_from:%Y%m%d}_{self.date_to:%Y%m%d}"
            f".{self.file_format}"
        )
        self.write({"data": base64.b64encode(content), "filename": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/data/{filename}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _period_bounds(self):
        """The period's first and last instants in Spain, in UTC (naive)."""
        spain = pytz.timezone(SPAIN_TZ)

        def to_utc(day):
            local = spain.localize(datetime.datetime.combine(day, datetime.time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(self.date_from), to_utc(self.date_to + datetime.timedelta(1))

    def _report_rows(self):
        """One dict per claim received in the period (COLUMNS' keys), read
        with a constant number of queries."""
        start, stop = self._period_bounds()
        claims = self.env["helpdesk.ticket"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_received", ">=", start),
                ("date_received", "<", stop),
            ],
            order="date_received, id",
        )
        waited = {
            (claim.id, party): days
            for claim, party, days in self.env["energy.claim.hold"]._read_group(
                [("ticket_id", "in", claims.ids)],
                ["ticket_id", "party"],
                ["working_days:sum"],
            )
        }
        spain = pytz.timezone(SPAIN_TZ)

        def local_date(value):
            return pytz.utc.localize(value).astimezone(spain).date() if value else ""

        return [
            {
                "number": claim.number,
                "date_received": local_date(claim.date_received),
                "origin": claim.origin or "",
                "type": claim.claim_type_id.code or "",
                "subtype": claim.claim_subtype_id.code or "",
                "claimant": claim.claimant_type_id.code or "",
                "cups_count": claim.cups_count,
                "cups": " ".join(claim.supply_point_ids.mapped("cups")),
                "date_answered": local_date(claim.date_answered),
                "result": claim.result_id.code or "",
                "detail": claim.detail_id.code or "",
                "days_us": waited.get((claim.id, "us"), 0),
                "days_customer": waited.get((claim.id, "customer"), 0),
                "days_distributor": waited.get((claim.id, "distributor"), 0),
                "days_other": waited.get((claim.id, "other"), 0),
                "days_to_answer": working_days_between(
                    claim.date_received, claim.date_answered
                )
                if claim.date_answered
                else "",
                "in_time": ("S" if claim.answered_in_time else "N")
                if claim.date_answered
                else "",
                "reopen_count": claim.reopen_count,
                "channel": claim.sales_channel_id.name or "",
            }
            for claim in claims
        ]

    @api.model
    def _kpi_rows(self, rows):
        """Per subtype and per sales channel: claims, answered, % answered
        within the deadline, median and P90 working days to answer, % of
        claims reopened."""
        groups = {}
        for row in rows:
            groups.setdefault(("Subtipo", row["subtype"]), []).append(row)
            groups.setdefault(("CanalVenta", row["channel"] or "-"), []).append(row)
            groups.setdefault(("Total", ""), []).append(row)
        result = []
        for (group, key), members in sorted(groups.items()):
            answered = [row for row in members if row["date_answered"]]
            days = [row["days_to_answer"] for row in answered]
            result.append(
                {
                    "group": group,
                    "key": key,
                    "claims": len(members),
                    "answered": len(answered),
                    "in_time_pct": round(
                        100
                        * sum(row["in_time"] == "S" for row in answered)
                        / len(answered),
                        1,
                    )
                    if answered
                    else None,
                    "median_days": statistics.median(days) if days else None,
                    "p90_days": percentile(days, 0.9),
                    "reopen_pct": round(
                        100
                        * sum(row["reopen_count"] > 0 for row in members)
                        / len(members),
                        1,
                    ),
                }
            )
        return result

    @staticmethod
    def _render_csv(rows):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([header for __, header in COLUMNS])
        for row in rows:
            writer.writerow(
                [
                    value.isoformat() if isinstance(value, datetime.date) else value
                    for value in (row[key] for key, __ in COLUMNS)
                ]
            )
        return out.getvalue().encode("utf-8")

    @staticmethod
    def _render_xlsx(rows, kpis):
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        bold = book.add_format({"bold": True})
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        for title, columns, data in (
            ("Reclamaciones", COLUMNS, rows),
            ("Indicadores", KPI_COLUMNS, kpis),
        ):
            sheet = book.add_worksheet(title)
            for col, (__, header) in enumerate(columns):
                sheet.write(0, col, header, bold)
            for line, row in enumerate(data, start=1):
                for col, (key, __) in enumerate(columns):
                    value = row[key]
                    if isinstance(value, datetime.date):
                        sheet.write_datetime(
                            line,
                            col,
                            datetime.datetime.combine(value, datetime.time.min),
                            date_format,
                        )
                    elif value is not None and value is not False:
                        sheet.write(line, col, value)
        book.close()
        return out.getvalue()
