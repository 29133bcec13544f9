# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import psycopg2

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL


class EnergyRowLockMixin(models.AbstractModel):
    """Records that two users (or a user and a scheduled action) must never
    change at the same time: lock the rows of a batch or refuse at once."""

    _name = "energy.row.lock.mixin"
    _description = "Rows Locked Before a Batch Change"

    def _lock_rows_nowait(self, busy_message):
        """Lock the rows of `self` until the end of the transaction, or raise
        a UserError with `busy_message` (translated by the caller) when another
        transaction holds one of them. The lock runs in a savepoint: a refusal
        leaves the caller's transaction usable (a scheduled action moves on to
        its next batch)."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id = ANY(%s) FOR NO KEY UPDATE NOWAIT",
                        SQL.identifier(self._table),
                        self.ids,
                    )
                )
        except psycopg2.errors.LockNotAvailable as error:
            raise UserError(busy_message) from error
