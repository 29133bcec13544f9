# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io

from odoo import fields, models
from odoo.exceptions import UserError

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
        [("draft", "To import"), ("done", "Done")], default="draft", required=True
    )
    created_count = fields.Integer(string="Created", readonly=True)
    duplicate_count = fields.Integer(string="Already Leads", readonly=True)
    error_count = fields.Integer(string="Rejected", readonly=True)
    report = fields.Text(readonly=True)

    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        problems, candidates = [], []
        for line_number, row in rows:
            vals, error = self._row_values(row)
            if error:
                problems.append((line_number, error))
            else:
                candidates.append((line_number, vals))
        to_create, duplicates = self._drop_duplicates(candidates, problems)
        Lead = self.env["crm.lead"].with_context(
            tracking_disable=True, mail_create_nolog=True
        )
        for start in range(0, len(to_create), BATCH):
            Lead.create(to_create[start : start + BATCH])
        problems.sort()
        self.write(
            {
                "state": "done",
                "created_count": len(to_create),
                "duplicate_count": duplicates,
                "error_count": len([p for p in problems if p[1][0] == "error"]),
                "report": "\n".join(
                    self.env._("Line %(line)s: %(reason)s", line=line, reason=text)
                    for line, (_level, text) in problems
                ),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Tooling
    # ------------------------------------------------------------------

    def _read_rows(self):
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as error:
            raise UserError(self.env._("The file is not a UTF-8 CSV file.")) from error
        dialect = ";" if text.split("\n", 1)[0].count(";") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
        header = [name.strip() for name in (reader.fieldnames or [])]
        unknown = set(header) - set(COLUMNS)
        if not header or unknown or not {"phone", "cups", "vat"} & set(header):
            raise UserError(
                self.env._(
                    "The first line must name the columns, among: %(columns)s "
                    "(and at least one of phone, cups, vat). Unknown: %(unknown)s",
                    columns=", ".join(COLUMNS),
                    unknown=", ".join(sorted(unknown)) or "-",
                )
            )
        reader.fieldnames = header
        return [
            (index, {k: (v or "").strip() for k, v in row.items() if k})
            for index, row in enumerate(reader, start=2)
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
        existing = self.env["crm.lead"]._find_sales_duplicates(keys)
        seen = {
            (fname, lead[fname]): lead.name
            for lead in existing
            for fname in keys
            if lead[fname]
        }
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
