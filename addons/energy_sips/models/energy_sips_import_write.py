# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Writing a batch of SIPS rows: what differs from the stored values, the new
supply points created in one call, and the changes written once per distinct
set of values. A batch that breaks a rule is retried row by row, so that only
the offending rows are rejected and reported."""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

_logger = logging.getLogger(__name__)


class EnergySipsImport(models.Model):
    _inherit = "energy.sips.import"

    # ------------------------------------------------------------------
    # Changes
    # ------------------------------------------------------------------

    @api.model
    def _point_changes(self, point, vals):
        """The values of `vals` that differ from the point's."""
        changes = {}
        for fname, value in vals.items():
            field = point._fields[fname]
            current = point[fname]
            if field.type == "many2one":
                differs = current.id != (value or False)
            elif field.type == "float":
                differs = float_compare(
                    current or 0.0, value or 0.0, precision_digits=3
                )
            elif field.type in ("char", "text", "selection"):
                differs = (current or False) != (value or False)
            else:
                differs = current != value
            if differs:
                changes[fname] = value
        if "state_id" in changes and "distributor_id" not in changes:
            # Keep the distributor when the province changes under it.
            changes["distributor_id"] = point.distributor_id.id
        return changes

    @api.model
    def _freeze(self, vals):
        return tuple(sorted(vals.items()))

    # ------------------------------------------------------------------
    # Batch writes
    # ------------------------------------------------------------------

    def _create_points(self, to_create):
        """Create new points as prospects in one call; if a record breaks a rule
        the batch did not foresee, retry one by one to report it.

        :return: (number created, problems)"""
        if not to_create:
            return 0, []
        today = fields.Date.context_today(self)
        vals_list = []
        for __, cups, vals in to_create:
            vals = dict(vals)
            vals.update(
                {
                    "cups": vals.pop("cups_full", None) or cups,
                    "company_id": self.company_id.id,
                    "status": "prospect",
                    "sips_date": today,
                    "sips_import_id": self.id,
                }
            )
            vals_list.append(vals)
        Point = self.env["energy.supply.point"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        try:
            with self.env.cr.savepoint():
                Point.create(vals_list)
                self.env.flush_all()
            return len(vals_list), []
        except (UserError, ValidationError) as error:
            _logger.info(
                "SIPS import %s: creating the batch failed (%s); row by row now",
                self.id,
                error,
            )
        created = 0
        problems = []
        for (line, cups, __), vals in zip(to_create, vals_list, strict=True):
            try:
                with self.env.cr.savepoint():
                    Point.create([vals])
                    self.env.flush_all()
                created += 1
            except (UserError, ValidationError) as error:
                problems.append((line, cups, "error", str(error)))
        return created, problems

    def _write_groups(self, to_write):
        """One write per distinct set of changes; rows that break a rule are
        retried alone and reported.

        :param to_write: {frozen changes: [(line, point)]}
        :return: (number updated, problems)"""
        if not to_write:
            return 0, []
        # Chatter tracking costs two inserts per changed record: files of
        # thousands of rows are traced by the import itself (the points keep
        # sips_import_id); look-ups of a few CUPS keep the field history.
        env = self.env(
            context=dict(self.env.context, tracking_disable=self.origin != "lookup")
        )
        try:
            with self.env.cr.savepoint():
                for frozen, rows in to_write.items():
                    model = env[rows[0][1]._name]
                    model.browse([record.id for __, record in rows]).write(dict(frozen))
                self.env.flush_all()
            return sum(len(rows) for rows in to_write.values()), []
        except (UserError, ValidationError) as error:
            _logger.info(
                "SIPS import %s: writing the batch failed (%s); row by row now",
                self.id,
                error,
            )
        updated = 0
        problems = []
        for frozen, rows in to_write.items():
            for line, point in rows:
                try:
                    with self.env.cr.savepoint():
                        point.with_env(env).write(dict(frozen))
                        self.env.flush_all()
                    updated += 1
                except (UserError, ValidationError) as error:
                    problems.append((line, point.cups, "error", str(error)))
        return updated, problems
