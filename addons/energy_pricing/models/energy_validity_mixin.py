# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date


class EnergyValidityMixin(models.AbstractModel):
    """Rows valid from a date until an optional end date (open-ended when
    empty), of which at most one is in force on any day for the same scope.

    Prices and tax rates change on dated regulations and offers: keeping every
    version lets bills and comparisons of past periods use the values that were
    in force then."""

    _name = "energy.validity.mixin"
    _description = "Dated Validity"

    # Fields that define "the same thing": two rows with equal values in all of
    # them cannot be valid on the same day.
    _validity_scope_fields = ()

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    date_from = fields.Date(string="Valid From", required=True, index=True)
    date_to = fields.Date(
        string="Valid Until",
        index="btree_not_null",
        help="Last day of validity, included. Empty: valid until further notice.",
    )
    validity_state = fields.Selection(
        [("past", "Expired"), ("current", "In Force"), ("future", "Upcoming")],
        string="Validity",
        compute="_compute_validity_state",
        help="Whether the row is in force today.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("date_from", "date_to")
    def _compute_validity_state(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.date_from and record.date_from > today:
                record.validity_state = "future"
            elif record.date_to and record.date_to < today:
                record.validity_state = "past"
            else:
                record.validity_state = "current"

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains(lambda self: ("date_from", "date_to", *self._validity_scope_fields))
    def _check_validity(self):
        """End not before start, and no two rows of the same scope valid on the
        same day. The overlap test is one query for the whole batch."""
        for record in self:
            if record.date_to and record.date_to < record.date_from:
                raise ValidationError(
                    self.env._(
                        "%(record)s: the validity cannot end before it starts.",
                        record=record.display_name,
                    )
                )
        overlaps = self._find_validity_overlaps()
        if overlaps:
            record, other = overlaps[0]
            raise ValidationError(
                self.env._(
                    "%(record)s overlaps %(other)s: only one can be in force on a "
                    "given day. End the earlier one before the other starts.",
                    record=record.display_name,
                    other=other.display_name,
                )
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _in_force_domain(self, date):
        """Domain of the rows in force on `date` (both ends included)."""
        return [
            ("date_from", "<=", date),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", date),
        ]

    def _validity_label(self):
        """'from <date>' or '<date> – <date>', localised, for messages."""
        self.ensure_one()
        if not self.date_to:
            return self.env._(
                "from %(date_from)s", date_from=format_date(self.env, self.date_from)
            )
        return self.env._(
            "%(date_from)s to %(date_to)s",
            date_from=format_date(self.env, self.date_from),
            date_to=format_date(self.env, self.date_to),
        )

    def _find_validity_overlaps(self):
        """Pairs (record of self, other record) whose validity overlaps within
        the same scope; empty list when there is none."""
        if not self.ids:
            return []
        self.flush_model(["date_from", "date_to", *self._validity_scope_fields])
        same_scope = SQL(" AND ").join(
            SQL("a.%s = b.%s", SQL.identifier(fname), SQL.identifier(fname))
            for fname in self._validity_scope_fields
        )
        # daterange(from, NULL, '[]') is unbounded above: open-ended rows.
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.id, b.id
                  FROM %(table)s a
                  JOIN %(table)s b
                    ON b.id != a.id AND %(same_scope)s
                   AND daterange(a.date_from, a.date_to, '[]')
                       && daterange(b.date_from, b.date_to, '[]')
                 WHERE a.id = ANY(%(ids)s)
                 ORDER BY a.id, b.id
                 LIMIT 1
                """,
                table=SQL.identifier(self._table),
                same_scope=same_scope or SQL("TRUE"),
                ids=self.ids,
            )
        )
        return [(self.browse(a_id), self.browse(b_id)) for a_id, b_id in rows]
