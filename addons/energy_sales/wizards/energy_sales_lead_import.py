# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io
from itertools import islice

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.energy_base.models.energy_supply_point import normalize_cups

from ..models.crm_lead import normalize_vat, phone_key

COLUMNS = (
    "name",
    "contact_name",
    "partner_name",
    "phone",
    "email",
    "vat",
    "cups",
    "customer_type",
    "zip",
    "city",
    "consent_basis",
    "consent_date",
    "consent_origin",
    "consent_reference",
)
CONSENT_FIELDS = (
    "consent_basis",
    "consent_date",
    "consent_origin",
    "consent_reference",
)
BATCH = 1000
# Files up to this many rows are imported at once; longer ones in the
# background, CHUNK rows per transaction, with their progress on the wizard.
INLINE_ROWS = 2000
CHUNK = 10000


class EnergySalesLeadImport(models.TransientModel):
    """Import a telemarketing list (CSV) as leads of a campaign. Each bad row
    is reported with its line and reason and nothing of it is created; a row
    whose CUPS, NIF or phone is already an open lead is skipped, so importing
    the same list twice creates nothing the second time."""

    _name = "energy.sales.lead.import"
    _description = "Import Leads from CSV"

    file = fields.Binary(string="CSV File", required=True)
    filename = fields.Char()
    campaign_id = fields.Many2one("utm.campaign")
    source_id = fields.Many2one("utm.source")
    medium_id = fields.Many2one("utm.medium")
    team_id = fields.Many2one("crm.team", string="Sales Team")
    user_id = fields.Many2one("res.users", string="Salesperson")
    state = fields.Selection(
        [
            ("draft", "To import"),
            ("running", "Importing"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
    )
    created_count = fields.Integer(string="Created", readonly=True)
    duplicate_count = fields.Integer(string="Already Leads", readonly=True)
    error_count = fields.Integer(string="Rejected", readonly=True)
    report = fields.Text(readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    rows_done = fields.Integer(string="Rows Processed", readonly=True)
    progress = fields.Float(
        compute="_compute_progress", help="Share of the rows processed, in %."
    )

    @api.depends("row_count", "rows_done")
    def _compute_progress(self):
        for wizard in self:
            wizard.progress = (
                100.0 * wizard.rows_done / wizard.row_count if wizard.row_count else 0.0
            )

    def action_import(self):
        """Import the list: at once when it is short, otherwise in the
        background, CHUNK rows per transaction, the wizard showing the
        progress (Refresh) and the user notified at the end."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This list was imported already."))
        self._check_import_rights()
        __, row_count = self._read_header()
        self.write({"state": "running", "row_count": row_count, "rows_done": 0})
        if row_count <= INLINE_ROWS:
            self._import_chunk()
        else:
            self.env.ref("energy_sales.ir_cron_lead_import")._trigger()
        return self._reopen()

    def action_refresh(self):
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _check_import_rights(self):
        if not self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            raise AccessError(
                self.env._("Only the back-office can import telemarketing lists.")
            )

    @api.model
    def _cron_import(self):
        """Scheduled action: the next chunk of the oldest running import, as
        the user who started it; the scheduler commits after each chunk and
        calls again while rows remain."""
        wizards = self.sudo().search([("state", "=", "running")], order="id")
        if not wizards:
            return
        wizard = wizards[0]
        try:
            with self.env.cr.savepoint():
                wizard.with_user(wizard.create_uid)._import_chunk()
        except (UserError, ValidationError, AccessError) as error:
            # Stop here rather than fail on the same chunk at every run: the
            # chunks already imported stay, the user is told where it stopped.
            wizard._stop(error)
        remaining = sum(w.row_count - w.rows_done for w in wizards)
        self.env["ir.cron"]._notify_progress(done=wizard.rows_done, remaining=remaining)

    def _import_chunk(self):
        """Import the next CHUNK rows: parse and check them, drop those
        already leads (one query), create the rest in batches, and add the
        counts and report lines to the wizard."""
        self.ensure_one()
        self._check_import_rights()
        start = self.rows_done
        rows = self._read_rows(start, start + CHUNK)
        problems, candidates = [], []
        for line_number, row in rows:
            vals, error = self._row_values(row)
            if error:
                problems.append((line_number, error))
            else:
                candidates.append((line_number, vals))
        to_create, duplicates = self._drop_duplicates(candidates, problems)
        Lead = self.env["crm.lead"].with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            # One stage for the whole list instead of a look-up per lead.
            default_stage_id=self.env["crm.lead"]
            ._stage_find(team_id=self.team_id.id, domain=[("fold", "=", False)])
            .id,
        )
        for batch_start in range(0, len(to_create), BATCH):
            Lead.create(to_create[batch_start : batch_start + BATCH])
        problems.sort()
        report = "\n".join(
            self.env._("Line %(line)s: %(reason)s", line=line, reason=text)
            for line, (_level, text) in problems
        )
        done = start + len(rows) >= self.row_count or not rows
        self.write(
            {
                "state": "done" if done else "running",
                "rows_done": self.row_count if done else start + len(rows),
                "created_count": self.created_count + len(to_create),
                "duplicate_count": self.duplicate_count + duplicates,
                "error_count": self.error_count
                + len([p for p in problems if p[1][0] == "error"]),
                "report": "\n".join(filter(None, [self.report, report])) or False,
            }
        )
        if done and self.row_count > INLINE_ROWS:
            self._notify_done()

    def _stop(self, error):
        reason = self.env._(
            "Import stopped after %(done)s of %(total)s rows: %(error)s",
            done=self.rows_done,
            total=self.row_count,
            error=error.args[0] if error.args else error,
        )
        self.write(
            {
                "state": "done",
                "report": "\n".join(filter(None, [self.report, reason])),
            }
        )
        self._notify_done()

    def _notify_done(self):
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "success",
                "title": self.env._("Leads imported"),
                "message": self.env._(
                    "%(file)s: %(created)s leads created, %(skipped)s already "
                    "leads, %(rejected)s rows rejected.",
                    file=self.filename or self.env._("List"),
                    created=self.created_count,
                    skipped=self.duplicate_count,
                    rejected=self.error_count,
                ),
            },
        )

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------

    def _text(self):
        try:
            return base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as error:
            raise UserError(self.env._("The file is not a UTF-8 CSV file.")) from error

    def _reader(self):
        text = self._text()
        delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        header = [name.strip() for name in next(reader, [])]
        return header, reader

    def _read_header(self):
        """The checked header and the number of data rows."""
        header, reader = self._reader()
        unknown = set(header) - set(COLUMNS) - {""}
        if not header or unknown or not {"phone", "cups", "vat"} & set(header):
            raise UserError(
                self.env._(
                    "The first line must name the columns, among: %(columns)s "
                    "(and at least one of phone, cups, vat). Unknown: %(unknown)s",
                    columns=", ".join(COLUMNS),
                    unknown=", ".join(sorted(unknown)) or "-",
                )
            )
        return header, sum(1 for row in reader if any(row))

    def _read_rows(self, start, stop):
        """Rows start..stop (0-based, blank lines skipped) as (line number,
        {column: stripped value})."""
        header, reader = self._reader()
        rows = ((reader.line_num, row) for row in reader if any(row))
        return [
            (line, {k: v.strip() for k, v in zip(header, row, strict=False) if k})
            for line, row in islice(rows, start, stop)
        ]

    def _row_values(self, row):
        """(values of the lead, False) or (None, ("error", reason))."""
        Lead = self.env["crm.lead"]
        name = row.get("name") or row.get("partner_name") or row.get("contact_name")
        if not name:
            return None, ("error", self.env._("a name is needed."))
        if not (row.get("phone") or row.get("cups") or row.get("vat")):
            return None, ("error", self.env._("a phone, a CUPS or a NIF is needed."))
        if row.get("cups"):
            error = self.env["energy.supply.point"]._cups_error(row["cups"])
            if error:
                return None, ("error", error)
        customer_type = row.get("customer_type") or "individual"
        types = dict(Lead._fields["customer_type"].selection)
        if customer_type not in types:
            return None, (
                "error",
                self.env._(
                    "the customer type must be one of %(types)s.",
                    types=", ".join(types),
                ),
            )
        vals = {
            "name": name,
            "type": "lead",
            "customer_type": customer_type,
            "campaign_id": self.campaign_id.id,
            "source_id": self.source_id.id,
            "medium_id": self.medium_id.id,
            "team_id": self.team_id.id,
            "user_id": self.user_id.id,
        }
        for fname in ("contact_name", "partner_name", "phone", "email", "zip", "city"):
            if row.get(fname):
                vals[fname] = row[fname]
        if row.get("cups"):
            vals["cups"] = normalize_cups(row["cups"])
        if row.get("vat"):
            vals["vat"] = normalize_vat(row["vat"])
        error = self._consent_values(row, vals)
        return (None, ("error", error)) if error else (vals, False)

    def _consent_values(self, row, vals):
        """Copy the consent columns to `vals`; the reason they are not valid."""
        if not row.get("consent_basis"):
            return False
        Lead = self.env["crm.lead"]
        for fname in ("consent_basis", "consent_origin"):
            allowed = dict(Lead._fields[fname].selection)
            if row.get(fname) not in allowed:
                return self.env._(
                    "%(column)s must be one of %(values)s.",
                    column=fname,
                    values=", ".join(allowed),
                )
        try:
            consent_date = fields.Datetime.to_datetime(row.get("consent_date"))
        except ValueError:
            consent_date = False
        if not consent_date or consent_date > fields.Datetime.now():
            return self.env._("consent_date must be a past date (YYYY-MM-DD).")
        if row["consent_origin"] == "phone" and not row.get("consent_reference"):
            return self.env._(
                "a consent given on the phone needs the reference of its recording."
            )
        vals.update(
            consent_basis=row["consent_basis"],
            consent_date=consent_date,
            consent_origin=row["consent_origin"],
            consent_reference=row.get("consent_reference") or False,
        )
        return False

    def _drop_duplicates(self, candidates, problems):
        """Rows that are new leads; the others are reported as already known
        (open leads, or an earlier row of the file). One query for the file."""
        keys = {"cups": set(), "vat": set(), "phone_key": set()}
        for _line, vals in candidates:
            keys["cups"].add(vals.get("cups"))
            keys["vat"].add(vals.get("vat"))
            keys["phone_key"].add(phone_key(vals.get("phone")))
        keys = {fname: values - {False, None} for fname, values in keys.items()}
        seen = self._existing_lead_keys(keys)
        to_create, duplicates = [], 0
        for line, vals in candidates:
            row_keys = [
                ("cups", vals.get("cups")),
                ("vat", vals.get("vat")),
                ("phone_key", phone_key(vals.get("phone"))),
            ]
            known = next((seen[k] for k in row_keys if k[1] and k in seen), None)
            if known:
                duplicates += 1
                problems.append(
                    (
                        line,
                        (
                            "skipped",
                            self.env._(
                                "already a lead (%(lead)s), skipped.", lead=known
                            ),
                        ),
                    )
                )
                continue
            for key in row_keys:
                if key[1]:
                    seen[key] = vals["name"]
            to_create.append(vals)
        return to_create, duplicates

    def _existing_lead_keys(self, keys):
        """{(field, value): lead name} of the open leads (any owner, any
        company) holding one of `keys` (field -> set of values): one query
        with arrays, however long the list."""
        Lead = self.env["crm.lead"]
        Lead.flush_model(["cups", "vat", "phone_key", "active", "name"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT name, cups, vat, phone_key
                  FROM crm_lead
                 WHERE active
                   AND (cups = ANY(%s) OR vat = ANY(%s) OR phone_key = ANY(%s))
                """,
                list(keys["cups"]),
                list(keys["vat"]),
                list(keys["phone_key"]),
            )
        )
        seen = {}
        for name, *values in rows:
            for fname, value in zip(("cups", "vat", "phone_key"), values, strict=True):
                if value:
                    seen.setdefault((fname, value), name)
        return seen
