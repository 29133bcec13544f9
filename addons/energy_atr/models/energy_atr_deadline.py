# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import functools

import holidays as holidays_lib

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .energy_atr_case import ATR_PROCESSES

# The step each deadline row waits for, by process and step that just
# happened (CNMC step numbering, docs/domain-es-energy.md section 3.1): 01 is
# answered by 02, an acceptance (02) or an incidence (03) by the activation
# (05), a cancellation request by its answer (A3/M1 06 -> 07, C1/C2/E1 08 ->
# 09, B1 03 -> 04), an R1 request for information (03) by our answer (04).
# B1 step "00" is the notice before the requested date: the latest day to
# send 01. Steps missing here (05, the notices 06) expect nothing more.
NEXT_STEPS = {
    "A3": {"01": "02", "02": "05", "03": "05", "06": "07"},
    "B1": {"00": "01", "01": "02", "02": "05", "03": "04"},
    "C1": {"01": "02", "02": "05", "08": "09"},
    "C2": {"01": "02", "02": "05", "03": "05", "08": "09"},
    "E1": {"01": "02", "02": "05", "03": "05", "08": "09"},
    "M1": {"01": "02", "02": "05", "03": "05", "06": "07"},
    "R1": {"01": "02", "02": "05", "03": "04"},
}
SPAIN_TZ = "Europe/Madrid"


@functools.lru_cache(maxsize=64)
def spain_national_holidays(year):
    """Spain's national holidays of a year (no regional or local ones), as
    the ``holidays`` package lists them."""
    return frozenset(
        holidays_lib.country_holidays("ES", years=year, observed=False).keys()
    )


def is_working_day(day):
    return day.weekday() < 5 and day not in spain_national_holidays(day.year)


def add_working_days(start, days):
    """The day `days` working days after `start` (before it when negative),
    skipping weekends and Spain's national holidays. Zero gives `start`."""
    step = 1 if days >= 0 else -1
    day = start
    remaining = abs(days)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


class EnergyAtrDeadline(models.Model):
    """How long the next step of a process may take after a given step,
    in working or natural days. Seeded from gestionatr's per-step deadlines;
    editable because the legal source of each figure was not checked."""

    _name = "energy.atr.deadline"
    _inherit = ["energy.cached.config.mixin"]
    _description = "ATR Step Deadline"
    _order = "process, modifier, step"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    process = fields.Selection(ATR_PROCESSES, required=True, index=True)
    step = fields.Char(
        required=True,
        size=2,
        help="The step that just happened (00: the requested date, for the "
        "notice required before it).",
    )
    modifier = fields.Char(
        size=2,
        help="Variant: the M1 modification letter or the B1 motivo. Empty: "
        "the default deadlines of the process, used when no variant matches.",
    )
    next_step = fields.Char(
        size=2, help="The step expected next. Empty: nothing more is expected."
    )
    days = fields.Integer(
        required=True,
        help="Days allowed for the next step. Negative: days of notice "
        "required before the start date.",
    )
    day_type = fields.Selection(
        [("working", "Working days"), ("natural", "Natural days")],
        required=True,
        default="working",
        help="Working days skip weekends and Spain's national holidays.",
    )
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    # Implemented by a unique index that treats an empty modifier as a value.
    _sql_constraints = [
        (
            "process_step_modifier_uniq",
            "",
            "There is already a deadline for this process, step and variant.",
        ),
    ]

    def _auto_init(self):
        result = super()._auto_init()
        tools.create_unique_index(
            self.env.cr,
            f"{self._table}_process_step_modifier_uniq",
            self._table,
            ["process", "step", "COALESCE(modifier, '')"],
        )
        return result

    @api.constrains("step", "next_step")
    def _check_steps(self):
        for deadline in self:
            for value in (deadline.step, deadline.next_step):
                if value and not (len(value) == 2 and value.isdigit()):
                    raise ValidationError(
                        self.env._(
                            "A step is two digits, such as 01 or 05, not %(step)s.",
                            step=value,
                        )
                    )

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _compute_due(self, process, step, start_date, modifier=None):
        """Which step is expected after `step` of `process` and by when,
        counting from `start_date` (a date, or a datetime taken in Spain's
        time). The row of the `modifier` variant wins over the default row.

        :return: (next_step, due date), or (False, False) when the table
            expects nothing after that step
        """
        table = self._deadline_table()
        row = table.get((process, step, modifier or "")) or table.get(
            (process, step, "")
        )
        if not row or not row[0] or not start_date:
            return False, False
        next_step, days, day_type = row
        start = self._to_local_date(start_date)
        if day_type == "natural":
            due = start + datetime.timedelta(days=days)
        else:
            due = add_working_days(start, days)
        return next_step, due

    @api.model
    def _to_local_date(self, value):
        """The calendar day in Spain of a datetime (UTC, as stored), or the
        date itself."""
        if isinstance(value, str):
            value = (
                fields.Datetime.to_datetime(value)
                if len(value) > 10
                else (fields.Date.to_date(value))
            )
        if isinstance(value, datetime.datetime):
            return fields.Datetime.context_timestamp(
                self.with_context(tz=SPAIN_TZ), value
            ).date()
        return value

    @api.model
    @tools.ormcache()
    def _deadline_table(self):
        """{(process, step, modifier or ""): (next_step, days, day_type)} of
        the active rows; cached, cleared when a row changes."""
        rows = self.sudo().search_fetch(
            [], ["process", "step", "modifier", "next_step", "days", "day_type"]
        )
        return {
            (row.process, row.step, row.modifier or ""): (
                row.next_step,
                row.days,
                row.day_type,
            )
            for row in rows
        }

    @api.model
    def _gestionatr_deadline_values(self):
        """The rows gestionatr encodes for our processes: the default list of
        each process plus every variant (`steps_<modifier>`) that differs from
        it."""
        from gestionatr.input import messages as atr_messages
        from gestionatr.input.messages.Deadlines import Naturaldays

        values = []
        for process, _label in ATR_PROCESSES:
            cls = getattr(atr_messages, process)
            variants = [("", cls.steps)]
            for attr in sorted(dir(cls)):
                if attr.startswith("steps_"):
                    steps = getattr(cls, attr)
                    if steps is not cls.steps and list(steps) != list(cls.steps):
                        variants.append((attr[len("steps_") :], steps))
            for modifier, steps in variants:
                for deadline in steps:
                    values.append(
                        {
                            "process": process,
                            "step": deadline.step,
                            "modifier": modifier or False,
                            "next_step": NEXT_STEPS[process].get(deadline.step, False),
                            "days": int(deadline.days),
                            "day_type": "natural"
                            if isinstance(deadline.days, Naturaldays)
                            else "working",
                        }
                    )
        return values

    @api.model
    def _load_gestionatr_deadlines(self):
        """Create the rows of gestionatr's deadlines that do not exist yet
        (archived rows count as existing), with stable XML ids
        `energy_atr.deadline_<process>_<step>[_<modifier>]`. Run again, it
        creates nothing and never overwrites an edited row."""
        existing = {
            (row.process, row.step, row.modifier or "")
            for row in self.with_context(active_test=False).search_fetch(
                [], ["process", "step", "modifier"]
            )
        }
        to_create = [
            vals
            for vals in self._gestionatr_deadline_values()
            if (vals["process"], vals["step"], vals["modifier"] or "") not in existing
        ]
        records = self.create(to_create)
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": "energy_atr.deadline_{}_{}{}".format(
                        record.process.lower(),
                        record.step,
                        f"_{record.modifier.lower()}" if record.modifier else "",
                    ),
                    "record": record,
                    "noupdate": True,
                }
                for record in records
            ]
        )
        return records
