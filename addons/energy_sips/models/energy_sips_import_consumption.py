# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Applying SIPS consumption records (SIPS2026_CONSUMOS_ELECTRICIDAD rows or
online look-up answers): one monthly consumption row per supply point and
reading period, created or updated. Rows entered from invoices, readings or
by hand are more reliable than SIPS and are never overwritten."""

from collections import defaultdict

from odoo import models

from .energy_sips_import import DEMAND_FIELDS, KWH_FIELDS

# Consumption fields an import may write or compares, read once per batch.
CONSUMPTION_COMPARED_FIELDS = (
    "supply_point_id",
    "date_start",
    "date_end",
    "source",
    "access_tariff_id",
    *KWH_FIELDS,
    *DEMAND_FIELDS,
)


class EnergySipsImport(models.Model):
    _inherit = "energy.sips.import"

    # ------------------------------------------------------------------
    # Consumption
    # ------------------------------------------------------------------

    def _apply_consumption_entries(self, entries):
        """Create or update monthly consumption from SIPS CONSUMOS records.

        Rows entered from invoices, readings or by hand are more reliable than
        SIPS and are never overwritten.

        :return: (counts dict, problems as (line, cups, level, message))
        """
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        usable, problems = self._usable_entries(
            entries, row_error=self._consumption_row_error
        )
        if not usable:
            return counts, problems
        to_create, to_write, unchanged, row_problems = self._plan_consumption_entries(
            usable
        )
        counts["unchanged"] += unchanged
        problems.extend(row_problems)
        if to_create:
            self.env["energy.supply.point.consumption"].create(to_create)
            counts["created"] += len(to_create)
        updated, failures = self._write_groups(to_write)
        counts["updated"] += updated
        problems.extend(failures)
        return counts, problems

    def _plan_consumption_entries(self, usable):
        """Sort the usable rows of a batch into consumption to create, changes
        to write and unchanged rows, reading what they refer to once.

        :param usable: list of (line, record)
        :return: (list of vals to create, {frozen changes: [(line, row)]} to
            write, number of unchanged rows, problems as (line, cups, level,
            message))
        """
        tariffs = self._tariffs_by_code()
        own, elsewhere = self._find_points(
            list({record["cups"][:20] for __, record in usable}),
            ["cups", "company_id"],
        )
        existing = self._existing_consumption(
            [point.id for point in own.values()], usable
        )
        seen = {}
        to_create = []
        to_write = defaultdict(list)
        unchanged = 0
        problems = []
        for line, record in usable:
            cups = record["cups"][:20]
            point = own.get(cups)
            error = self._consumption_conflict(record, point, tariffs, elsewhere)
            key = point and (point.id, record["date_start"], record["date_end"])
            if not error and key in seen:
                error = self.env._(
                    "This period of %(cups)s already appears on line %(line)s.",
                    cups=cups,
                    line=seen[key],
                )
            if error:
                problems.append((line, cups, "error", error))
                continue
            seen[key] = line
            tariff = tariffs.get(record.get("tariff_code"))
            vals = self._prepare_consumption_values(record, tariff)
            row = existing.get(key)
            if not row:
                to_create.append(
                    {
                        "supply_point_id": point.id,
                        "date_start": record["date_start"],
                        "date_end": record["date_end"],
                        "source": "sips",
                        **vals,
                    }
                )
                continue
            changes = self._point_changes(row, vals) if row.source == "sips" else {}
            if changes:
                to_write[self._freeze(changes)].append((line, row))
            else:
                unchanged += 1
        return to_create, to_write, unchanged, problems

    def _existing_consumption(self, point_ids, usable):
        """The stored consumption of the batch's points and periods.

        :return: {(point id, date start, date end): consumption row}
        """
        Consumption = self.env["energy.supply.point.consumption"]
        return {
            (row.supply_point_id.id, row.date_start, row.date_end): row
            for row in Consumption.search_fetch(
                [
                    ("supply_point_id", "in", point_ids),
                    ("date_start", "in", list({r["date_start"] for __, r in usable})),
                ],
                CONSUMPTION_COMPARED_FIELDS,
            )
        }

    def _consumption_conflict(self, record, point, tariffs, elsewhere):
        """Why a consumption row cannot be applied to its supply point, or False.

        :param point: the import company's point of the row's CUPS, or None
        :param tariffs: {code: tariff} of every access tariff
        :param elsewhere: {cups: company name} of other companies' points
        """
        cups = record["cups"][:20]
        if not point:
            if cups in elsewhere:
                return self.env._(
                    "The CUPS %(cups)s belongs to the company %(company)s; its "
                    "consumption was not imported.",
                    cups=cups,
                    company=elsewhere[cups],
                )
            return self.env._(
                "There is no supply point with the CUPS %(cups)s: import the "
                "supply-point file first.",
                cups=cups,
            )
        code = record.get("tariff_code")
        if code and code not in tariffs:
            return self._unknown_tariff_message(code, tariffs)
        return False

    def _prepare_consumption_values(self, record, tariff):
        """Consumption values of a SIPS record that an update may change."""
        return {
            "access_tariff_id": tariff.id if tariff else False,
            **{fname: record.get(fname) or 0.0 for fname in KWH_FIELDS},
            **{fname: record.get(fname) or 0.0 for fname in DEMAND_FIELDS},
        }
