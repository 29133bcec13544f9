# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import sql as pgsql

from odoo import api, models


class EnergyContractLogMixin(models.AbstractModel):
    """Log tables that the transition machinery fills by the thousand (history
    events, phase visits, time per phase): their rows are plain values, never
    edited through forms, so they are inserted in one statement instead of
    going through the ORM's create."""

    _name = "energy.contract.log.mixin"
    _description = "Log Rows Inserted in Bulk"

    @api.model
    def _insert_rows(self, rows, conflict=None):
        """Insert `rows` (dicts of column values, all with the same keys, every
        required column given) in one statement; return the new ids in order.

        `conflict` is an optional ``ON CONFLICT ...`` clause (psycopg2 SQL)."""
        if not rows:
            return []
        self.flush_model()
        columns = list(rows[0])
        # False is NULL in SQL, except for booleans (and the ORM reads NULL back
        # as False anyway); numbers are kept as given, zero included
        nullable = [self._fields[column].type != "boolean" for column in columns]
        now = self.env.cr.now()
        audit = [self.env.uid, now, self.env.uid, now]
        query = pgsql.SQL(
            "INSERT INTO {table} ({columns}, create_uid, create_date, write_uid, "
            "write_date) VALUES %s {conflict} RETURNING id"
        ).format(
            table=pgsql.Identifier(self._table),
            columns=pgsql.SQL(", ").join(map(pgsql.Identifier, columns)),
            conflict=conflict or pgsql.SQL(""),
        )
        result = self.env.cr.execute_values(
            query,
            [
                [
                    None if value is False and nullable[index] else value
                    for index, value in enumerate(row[column] for column in columns)
                ]
                + audit
                for row in rows
            ],
            page_size=len(rows),
            fetch=True,
        )
        self.invalidate_model()
        return [row[0] for row in result]
