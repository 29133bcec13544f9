# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a batch of SIPS rows refers to: the market tables by code and the
supply points already known, each read with one query for the whole batch."""

from collections import defaultdict

from odoo import models

from ..tools import sips_format

# Record keys holding a code of a reference table.
REFERENCE_KEYS = (
    "tariff_code",
    "cnae_code",
    "supply_use_code",
    "province_code",
    "distributor_code",
    "retailer_code",
)
TARIFF_FIELDS = [
    "code",
    "name",
    "power_period_count",
    "max_power_kw",
    "min_top_power_kw",
    "ascending_powers",
    "voltage_min_v",
    "voltage_max_v",
]


class EnergySipsImport(models.Model):
    _inherit = "energy.sips.import"

    # ------------------------------------------------------------------
    # Reference data of a batch
    # ------------------------------------------------------------------

    def _batch_references(self, records):
        """Everything a batch refers to by code, read with one query per table.

        :return: dict of dicts code -> record or id; "tariffs" always, the
            others only for the codes the records use
        """
        codes = defaultdict(set)
        for record in records:
            for key in REFERENCE_KEYS:
                if record.get(key):
                    codes[key].add(record[key])
        references = {"tariffs": self._tariffs_by_code()}
        if codes["cnae_code"]:
            references["cnae"] = self._ids_by_code("energy.cnae", codes["cnae_code"])
        if codes["supply_use_code"]:
            references["uses"] = self._ids_by_code(
                "energy.supply.use", codes["supply_use_code"]
            )
        if codes["province_code"]:
            references["states"] = self._states_by_province(codes["province_code"])
        if codes["distributor_code"]:
            references["distributors"] = self._distributors_by_code(
                codes["distributor_code"]
            )
        if codes["retailer_code"]:
            references["retailers"] = self._retailers_by_code(codes["retailer_code"])
        return references

    def _tariffs_by_code(self):
        """Every access tariff by code, with what the power checks read."""
        return {
            tariff.code: tariff
            for tariff in self.env["energy.access.tariff"].search_fetch(
                [], TARIFF_FIELDS
            )
        }

    def _ids_by_code(self, model_name, codes):
        """Ids of the records of a code table (CNAE, supply use) by code."""
        return {
            record.code: record.id
            for record in self.env[model_name].search_fetch(
                [("code", "in", list(codes))], ["code"]
            )
        }

    def _states_by_province(self, codes):
        """(state id, country id) of Spanish provinces by INE code; unknown
        codes are left out."""
        wanted = {
            sips_format.PROVINCE_BY_INE[code]: code
            for code in codes
            if code in sips_format.PROVINCE_BY_INE
        }
        states = self.env["res.country.state"].search_fetch(
            [("country_id.code", "=", "ES"), ("code", "in", list(wanted))],
            ["code", "country_id"],
        )
        return {wanted[state.code]: (state.id, state.country_id.id) for state in states}

    def _distributors_by_code(self, codes):
        """Distributor partner ids by REE code (the oldest one for a code
        several partners share)."""
        partners = self.env["res.partner"].with_context(active_test=False)
        return {
            partner.energy_ree_code: partner.id
            for partner in partners.search_fetch(
                [
                    ("is_energy_distributor", "=", True),
                    ("energy_ree_code", "in", list(codes)),
                ],
                ["energy_ree_code"],
                order="id",
            )
        }

    def _retailers_by_code(self, codes):
        """Retailer partners by REE code; creates "Retailer <code>" once for each
        code nobody has yet. The company itself answers for its own code."""
        partners = self.env["res.partner"].with_context(active_test=False)
        retailers = {}
        for partner in partners.search_fetch(
            [("is_energy_retailer", "=", True), ("energy_ree_code", "in", list(codes))],
            ["energy_ree_code"],
            order="id desc",
        ):
            retailers[partner.energy_ree_code] = partner.id
        own_code = self.company_id.energy_ree_code
        if own_code in codes and own_code not in retailers:
            retailers[own_code] = self.company_id.partner_id.id
        missing = sorted(set(codes) - set(retailers))
        if missing:
            # Competitors are market reference data: any importer may add them.
            created = (
                partners.sudo()
                .with_context(tracking_disable=True)
                .create(
                    [
                        {
                            "name": self.env._("Retailer %(code)s", code=code),
                            "is_company": True,
                            "is_energy_retailer": True,
                            "energy_ree_code": code,
                        }
                        for code in missing
                    ]
                )
            )
            retailers.update(zip(missing, created.ids, strict=True))
        return retailers

    # ------------------------------------------------------------------
    # Supply points of a batch
    # ------------------------------------------------------------------

    def _find_points(self, cups_list, fnames):
        """The supply points of some CUPS, whatever their company or state.

        :param fnames: the fields to read in the same query
        :return: ({cups: point of the import's company, readable as the
            importing user sees it}, {cups: company name, for the points of
            another company})
        """
        Point = self.env["energy.supply.point"].with_context(active_test=False)
        own = {}
        elsewhere = {}
        for point in Point.sudo().search_fetch([("cups", "in", cups_list)], fnames):
            if point.company_id == self.company_id:
                own[point.cups] = point.with_env(Point.env)
            else:
                elsewhere.setdefault(point.cups, point.company_id.name)
        return own, elsewhere
