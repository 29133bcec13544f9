# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL

# Aggregates the pivot and graph views may ask for on top of Odoo's own (sum,
# avg, min, max...): PostgreSQL's continuous percentile over the rows of each
# group, so that the median and P90 of any grouping are computed on its rows,
# never averaged from those of smaller groups.
PERCENTILE_AGGREGATES = {"p50": 0.5, "p90": 0.9}


class EnergyPercentileReportMixin(models.AbstractModel):
    """Reports whose numeric fields may declare ``aggregator="p50"`` (median)
    or ``aggregator="p90"``."""

    _name = "energy.percentile.report.mixin"
    _description = "Report with Median and P90 Aggregates"

    def _read_group_select(self, aggregate_spec, query):
        fname, _sep, func = aggregate_spec.partition(":")
        if func in PERCENTILE_AGGREGATES and fname in self._fields:
            field = self._fields[fname]
            if field.type not in ("integer", "float", "monetary"):
                raise ValueError(
                    f"Aggregate {func!r} needs a numeric field, not {fname!r}."
                )
            return SQL(
                "percentile_cont(%s) WITHIN GROUP (ORDER BY %s)",
                PERCENTILE_AGGREGATES[func],
                self._field_to_sql(self._table, fname, query),
            )
        return super()._read_group_select(aggregate_spec, query)
