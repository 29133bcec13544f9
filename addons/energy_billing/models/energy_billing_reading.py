# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

KWH_FIELDS = [f"kwh_p{period}" for period in range(1, 7)]


class EnergyBillingReading(models.Model):
    """Consumption of a supply point per energy period over a billing window,
    from a meter reading (F1 file, CSV import, manual entry) or estimated.

    A reading of exactly the window of a valid one corrects it: the old one
    stays, superseded, for the record; when it was billed, its invoice is
    credited and the window billed again. That is also how an estimated
    window is regularised by the real reading."""

    _name = "energy.billing.reading"
    _description = "Consumption Reading"
    _inherit = ["mail.thread", "energy.guard.mixin"]
    _order = "date_end desc, id desc"
    _rec_name = "supply_point_id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    supply_point_id = fields.Many2one(
        "energy.supply.point", required=True, index=True, ondelete="restrict"
    )
    cups = fields.Char(related="supply_point_id.cups", store=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To", required=True, index=True)
    kwh_p1 = fields.Float(string="kWh P1", digits=(16, 3))
    kwh_p2 = fields.Float(string="kWh P2", digits=(16, 3))
    kwh_p3 = fields.Float(string="kWh P3", digits=(16, 3))
    kwh_p4 = fields.Float(string="kWh P4", digits=(16, 3))
    kwh_p5 = fields.Float(string="kWh P5", digits=(16, 3))
    kwh_p6 = fields.Float(string="kWh P6", digits=(16, 3))
    kwh_total = fields.Float(
        string="kWh",
        digits=(16, 3),
        compute="_compute_kwh_total",
        store=True,
        precompute=True,
    )
    source = fields.Selection(
        [
            ("manual", "Manual entry"),
            ("csv", "CSV import"),
            ("f1", "Distributor F1"),
            ("estimated", "Estimated"),
        ],
        required=True,
        default="manual",
        index=True,
    )
    is_estimated = fields.Boolean(
        string="Estimated",
        compute="_compute_is_estimated",
        store=True,
        precompute=True,
        index=True,
    )
    state = fields.Selection(
        [("valid", "Valid"), ("superseded", "Superseded")],
        required=True,
        default="valid",
        index=True,
        readonly=True,
        tracking=True,
    )
    superseded_by_id = fields.Many2one(
        "energy.billing.reading",
        string="Corrected By",
        readonly=True,
        index="btree_not_null",
        copy=False,
    )
    bill_id = fields.Many2one(
        "energy.bill", readonly=True, index="btree_not_null", copy=False
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="Source File", readonly=True, ondelete="set null"
    )
    import_id = fields.Many2one(
        "energy.billing.reading.import",
        string="Imported From",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    note = fields.Char()

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends(*KWH_FIELDS)
    def _compute_kwh_total(self):
        for reading in self:
            reading.kwh_total = sum(reading[fname] for fname in KWH_FIELDS)

    @api.depends("source")
    def _compute_is_estimated(self):
        for reading in self:
            reading.is_estimated = reading.source == "estimated"

    @api.depends("supply_point_id", "date_start", "date_end")
    def _compute_display_name(self):
        for reading in self:
            if not (reading.date_start and reading.date_end):
                reading.display_name = reading.cups or ""
                continue
            reading.display_name = self.env._(
                "%(cups)s, %(start)s to %(end)s",
                cups=reading.cups,
                start=format_date(self.env, reading.date_start),
                end=format_date(self.env, reading.date_end),
            )

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("date_start", "date_end", *KWH_FIELDS)
    def _check_values(self):
        for reading in self:
            if reading.date_end < reading.date_start:
                raise ValidationError(
                    self.env._(
                        "%(reading)s: the window cannot end before it starts.",
                        reading=reading.display_name,
                    )
                )
            if any(reading[fname] < 0 for fname in KWH_FIELDS):
                raise ValidationError(
                    self.env._(
                        "%(reading)s: consumption cannot be negative.",
                        reading=reading.display_name,
                    )
                )

    @api.constrains("supply_point_id", "date_start", "date_end", "state")
    def _check_overlap(self):
        """Only one valid reading of a supply point covers any day (one
        query for the whole batch)."""
        self.flush_model(["supply_point_id", "date_start", "date_end", "state"])
        valid = self.filtered(lambda r: r.state == "valid")
        if not valid:
            return
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id, o.id
                  FROM energy_billing_reading r
                  JOIN energy_billing_reading o
                    ON o.supply_point_id = r.supply_point_id
                   AND o.id != r.id
                   AND o.state = 'valid'
                   AND o.date_start <= r.date_end
                   AND o.date_end >= r.date_start
                 WHERE r.id IN %s
                 LIMIT 1
                """,
                tuple(valid.ids),
            )
        )
        clash = self.env.cr.fetchone()
        if clash:
            reading, other = self.browse(clash)
            raise ValidationError(
                self.env._(
                    "%(reading)s overlaps the valid reading %(other)s. To "
                    "correct a reading, enter one for exactly the same window.",
                    reading=reading.display_name,
                    other=other.display_name,
                )
            )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | {"state", "superseded_by_id", "bill_id"}

    @api.model_create_multi
    def create(self, vals_list):
        """A reading of exactly the window of a valid one corrects it: equal
        values change nothing (imports are idempotent), different ones
        supersede it and, when it was billed, credit and rebill it."""
        same_window = self._find_same_windows(vals_list)
        todo, corrected = [], []
        for vals in vals_list:
            key = self._window_key(vals)
            previous = same_window.get(key, self.browse())
            if previous and previous._same_values(vals):
                continue
            todo.append(vals)
            corrected.append(previous)
            if key:
                # a second row of the same window in the batch corrects this one
                same_window[key] = self.browse()
        superseded = self.browse().union(*corrected)
        if superseded:
            superseded._write_guarded({"state": "superseded"})
        readings = super().create(todo)
        to_rebill = self.env["energy.bill"]
        for reading, previous in zip(readings, corrected, strict=True):
            if previous:
                previous._write_guarded({"superseded_by_id": reading.id})
                if previous.bill_id.state == "posted":
                    to_rebill |= previous.bill_id
        if to_rebill:
            to_rebill._credit_and_rebill()
        return readings

    def write(self, vals):
        locked = {
            "supply_point_id",
            "date_start",
            "date_end",
            "company_id",
            *KWH_FIELDS,
        }
        if locked & set(vals) and self.filtered("bill_id"):
            raise UserError(
                self.env._(
                    "A billed reading cannot be changed: enter a corrected reading "
                    "for the same window, which credits the bill and bills it again."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        if self.filtered("bill_id") or self.filtered(lambda r: r.state == "superseded"):
            raise UserError(
                self.env._(
                    "Billed and corrected readings are the evidence of a bill: "
                    "they cannot be deleted."
                )
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @staticmethod
    def _window_key(vals):
        if not (
            vals.get("supply_point_id")
            and vals.get("date_start")
            and vals.get("date_end")
        ):
            return None
        return (
            vals["supply_point_id"],
            fields.Date.to_date(vals["date_start"]),
            fields.Date.to_date(vals["date_end"]),
        )

    def _find_same_windows(self, vals_list):
        """{(supply point id, start, end): valid reading} for the windows of
        `vals_list`, in one query."""
        keys = {key for key in map(self._window_key, vals_list) if key}
        if not keys:
            return {}
        found = self.search(
            [
                ("supply_point_id", "in", list({key[0] for key in keys})),
                ("date_start", "in", list({key[1] for key in keys})),
                ("state", "=", "valid"),
            ]
        )
        return {
            key: reading
            for reading in found
            if (
                key := (
                    reading.supply_point_id.id,
                    reading.date_start,
                    reading.date_end,
                )
            )
            in keys
        }

    def _same_values(self, vals):
        return all(
            round(float(vals.get(fname) or 0), 3) == round(self[fname], 3)
            for fname in KWH_FIELDS
        )

    def _kwh(self):
        self.ensure_one()
        return [self[fname] for fname in KWH_FIELDS]

    @api.model
    def _estimate_vals(self, supply_points, date_start, date_end):
        """Values of estimated readings of `supply_points` over a window, from
        their SIPS consumption of the last twelve months pro rata per day
        (Circular CNMC 3/2020 lets the retailer estimate when the distributor
        sends no reading). Points without history are left out."""
        days = (date_end - date_start).days + 1
        vals_list = []
        for point in supply_points:
            if not point.annual_kwh_total:
                continue
            vals = {
                "supply_point_id": point.id,
                "company_id": point.company_id.id or self.env.company.id,
                "date_start": date_start,
                "date_end": date_end,
                "source": "estimated",
                "note": self.env._("Estimated from the last twelve months (SIPS)."),
            }
            for period in range(1, 7):
                vals[f"kwh_p{period}"] = round(
                    point[f"annual_kwh_p{period}"] * days / 365, 3
                )
            vals_list.append(vals)
        return vals_list
