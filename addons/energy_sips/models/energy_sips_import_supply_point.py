# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Applying SIPS supply-point records (SIPS2026_PS_ELECTRICIDAD rows or online
look-up answers): new CUPS become prospects of the import's company, known
ones get what changed; a point of another company is never touched."""

from collections import defaultdict

from stdnum.es import referenciacatastral

from odoo import fields, models

from ..tools import sips_format
from .energy_sips_import import POINT_COMPARED_FIELDS, POINT_PLAIN_KEYS, POWER_FIELDS


class EnergySipsImport(models.Model):
    _inherit = "energy.sips.import"

    # ------------------------------------------------------------------
    # Supply points
    # ------------------------------------------------------------------

    def _apply_point_entries(self, entries):
        """Create or update the supply points of a batch of SIPS PS records.

        :return: (counts dict, problems as (line, cups, level, message))
        """
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        usable, problems = self._usable_entries(entries)
        if not usable:
            return counts, problems
        to_create, to_write, unchanged, row_problems = self._plan_point_entries(usable)
        counts["unchanged"] += unchanged
        problems.extend(row_problems)
        created, failures = self._create_points(to_create)
        counts["created"] += created
        problems.extend(failures)
        updated, failures = self._write_groups(to_write)
        counts["updated"] += updated
        problems.extend(failures)
        return counts, problems

    def _plan_point_entries(self, usable):
        """Sort the usable rows of a batch into points to create, changes to
        write and unchanged points, reading what they refer to once.

        :param usable: list of (line, record)
        :return: (list of (line, cups, vals) to create, {frozen changes:
            [(line, point)]} to write, number of unchanged points, problems
            as (line, cups, level, message))
        """
        references = self._batch_references([record for __, record in usable])
        routing = self.env["energy.distributor.prefix"]._get_routing_table()
        own, elsewhere = self._find_points(
            [record["cups"][:20] for __, record in usable], POINT_COMPARED_FIELDS
        )
        today = fields.Date.context_today(self)
        seen = {}
        to_create = []
        to_write = defaultdict(list)
        unchanged = 0
        problems = []
        for line, record in usable:
            cups = record["cups"][:20]
            point = own.get(cups)
            conflict = self._point_conflict(cups, point, seen, elsewhere)
            seen.setdefault(cups, line)
            if conflict:
                problems.append((line, cups, "error", conflict))
                continue
            vals, row_problems = self._prepare_point_values(
                record, references, routing, point
            )
            problems.extend((line, cups, level, msg) for level, msg in row_problems)
            if any(level == "error" for level, __ in row_problems):
                continue
            if not point:
                to_create.append((line, cups, vals))
                continue
            changes = self._point_changes(point, vals)
            if changes:
                changes.update({"sips_date": today, "sips_import_id": self.id})
                to_write[self._freeze(changes)].append((line, point))
            else:
                unchanged += 1
        return to_create, to_write, unchanged, problems

    def _point_conflict(self, cups, point, seen, elsewhere):
        """Why a row may not touch its CUPS, or False.

        :param point: the import company's point of the CUPS, or None
        :param seen: {cups: line} of the rows already taken in the batch
        :param elsewhere: {cups: company name} of other companies' points
        """
        if cups in seen:
            return self.env._(
                "The CUPS %(cups)s already appears on line %(line)s.",
                cups=cups,
                line=seen[cups],
            )
        if not point and cups in elsewhere:
            return self.env._(
                "The CUPS %(cups)s belongs to the company %(company)s; "
                "it was not changed.",
                cups=cups,
                company=elsewhere[cups],
            )
        return False

    # ------------------------------------------------------------------
    # The values of one supply point
    # ------------------------------------------------------------------

    def _prepare_point_values(self, record, references, routing, point):
        """Supply point values for a SIPS record.

        :param point: the existing supply point, or an empty recordset
        :return: (vals, problems as (level, message))
        """
        problems = []
        vals = {}
        tariff = references["tariffs"].get(record.get("tariff_code"))
        if not tariff:
            problems.append(
                (
                    "error",
                    self._unknown_tariff_message(
                        record.get("tariff_code") or "", references["tariffs"]
                    ),
                )
            )
            return vals, problems
        vals["access_tariff_id"] = tariff.id
        if len(record["cups"]) > 20:
            vals["cups_full"] = record["cups"]
        powers = self._prepare_point_powers(record, tariff, problems)
        if powers is None:
            return vals, problems
        vals.update(zip(POWER_FIELDS, powers, strict=True))

        for key in POINT_PLAIN_KEYS:
            if record.get(key) is not None:
                vals[key] = record[key]
        self._prepare_point_codes(record, references, vals, problems, point)
        self._prepare_point_address(record, references, vals, problems)
        self._prepare_point_partners(record, references, routing, vals, point)
        return vals, problems

    def _prepare_point_powers(self, record, tariff, problems):
        """The six contracted powers of a record, checked against its tariff.

        :param problems: list the problems are added to
        :return: the powers, or None when an error rejects the row
        """
        powers = [record.get(fname) or 0.0 for fname in POWER_FIELDS]
        beyond = powers[tariff.power_period_count :]
        if any(beyond):
            problems.append(
                (
                    "warning",
                    self.env._(
                        "%(tariff)s has %(count)s power periods; the powers given for "
                        "the other periods were ignored.",
                        tariff=tariff.name,
                        count=tariff.power_period_count,
                    ),
                )
            )
            powers = powers[: tariff.power_period_count] + [0.0] * len(beyond)
        voltage = record.get("voltage_v") or 0
        if not any(powers):
            problems.append(("error", self.env._("The row gives no contracted power.")))
            return None
        errors = tariff._power_errors(powers, voltage)
        if errors:
            problems.extend(("error", error) for error in errors)
            return None
        return powers

    def _prepare_point_codes(self, record, references, vals, problems, point):
        if record.get("cnae_code"):
            cnae_id = references.get("cnae", {}).get(record["cnae_code"])
            if cnae_id:
                vals["cnae_id"] = cnae_id
            else:
                problems.append(
                    (
                        "warning",
                        self.env._(
                            "The CNAE code %(code)s is not in the CNAE table; add it "
                            "under Energy > Configuration.",
                            code=record["cnae_code"],
                        ),
                    )
                )
        if record.get("supply_use_code"):
            use_id = references.get("uses", {}).get(record["supply_use_code"])
            if use_id:
                vals["supply_use_id"] = use_id
            else:
                problems.append(
                    (
                        "warning",
                        self.env._(
                            "The supply type %(code)s is not in the supply use table.",
                            code=record["supply_use_code"],
                        ),
                    )
                )
        self._prepare_point_self_consumption(record, vals, problems, point)
        if record.get("distributor_code"):
            vals["sips_distributor_code"] = record["distributor_code"]
        if record.get("municipality_code"):
            vals["sips_municipality_code"] = record["municipality_code"]
        self._prepare_point_cadastral_reference(record, vals, problems)

    def _prepare_point_self_consumption(self, record, vals, problems, point):
        """The self-consumption modality; a bare "S" flag keeps the point's."""
        modality = record.get("self_consumption_type")
        if modality == "with_self_consumption":
            if not point or point.self_consumption_type == "none":
                problems.append(
                    (
                        "warning",
                        self.env._(
                            "SIPS reports self-consumption without its modality; set "
                            "the modality on the supply point."
                        ),
                    )
                )
        elif modality:
            vals["self_consumption_type"] = modality

    def _prepare_point_cadastral_reference(self, record, vals, problems):
        reference = record.get("cadastral_reference")
        if not reference:
            return
        reference = reference.replace(" ", "").upper()
        if referenciacatastral.is_valid(reference):
            vals["cadastral_reference"] = reference
        else:
            problems.append(
                (
                    "warning",
                    self.env._(
                        "The cadastral reference %(reference)s is not valid; it "
                        "was ignored.",
                        reference=reference,
                    ),
                )
            )

    def _prepare_point_address(self, record, references, vals, problems):
        if not record.get("city") and record.get("town"):
            vals["city"] = record["town"]
        street, street2 = sips_format.street_lines(record)
        if street:
            vals["street"] = street
        if street2:
            vals["street2"] = street2
        code = record.get("province_code")
        if code:
            state = references.get("states", {}).get(code)
            if state:
                vals["state_id"], vals["country_id"] = state
            else:
                problems.append(
                    (
                        "warning",
                        self.env._(
                            "The province code %(code)s is not an INE province code.",
                            code=code,
                        ),
                    )
                )

    def _prepare_point_partners(self, record, references, routing, vals, point):
        """Retailer from its REE code; distributor from the CUPS prefix routing.

        The prefix routing names the ATR addressee and wins; the distributor
        code of the SIPS row is used only when no prefix matches. A distributor
        a user overrode (with a reason) is kept."""
        if record.get("retailer_code"):
            vals["current_retailer_id"] = references["retailers"][
                record["retailer_code"]
            ]
        cups = record["cups"][:20]
        state_id = vals.get("state_id") or (point.state_id.id if point else False)
        derived = self.env["energy.distributor.prefix"]._resolve_distributors(
            [(cups, state_id)], table=routing
        )[(cups, state_id)]
        from_code = references.get("distributors", {}).get(
            record.get("distributor_code")
        )
        if point and point.distributor_id:
            current_expected = self.env[
                "energy.distributor.prefix"
            ]._resolve_distributors([(cups, point.state_id.id)], table=routing)[
                (cups, point.state_id.id)
            ]
            if current_expected and point.distributor_id.id != current_expected:
                vals["distributor_id"] = point.distributor_id.id  # overridden
                return
        distributor = (
            derived or from_code or (point.distributor_id.id if point else False)
        )
        if distributor:
            vals["distributor_id"] = distributor
