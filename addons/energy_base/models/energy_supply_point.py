# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from stdnum import exceptions as stdnum_exceptions
from stdnum.es import cups as stdnum_cups
from stdnum.es import referenciacatastral

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.related import count_related, open_related

PERIODS = range(1, 7)
POWER_FIELDS = [f"power_p{period}_kw" for period in PERIODS]
ANNUAL_FIELDS = [f"annual_kwh_p{period}" for period in PERIODS]
KWH_FIELDS = [f"kwh_p{period}" for period in PERIODS]

# Electric zones of Circular 3/2020 by province code (res.country.state.code);
# every other Spanish province is peninsular.
ZONE_BY_STATE_CODE = {
    "PM": "balearic",
    "GC": "canary",
    "TF": "canary",
    "CE": "ceuta",
    "ME": "melilla",
}
ZONES = [
    ("peninsula", "Peninsula"),
    ("balearic", "Balearic Islands"),
    ("canary", "Canary Islands"),
    ("ceuta", "Ceuta"),
    ("melilla", "Melilla"),
]


def normalize_cups(value):
    """Upper case, without spaces, dashes or dots: the form CUPS are stored in."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


class EnergySupplyPoint(models.Model):
    _name = "energy.supply.point"
    _description = "Supply Point"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "cups"
    _rec_name = "cups"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    cups = fields.Char(
        string="CUPS",
        required=True,
        size=20,
        index="trigram",
        copy=False,
        tracking=True,
        help="Código Universal del Punto de Suministro: the 20-character code of the "
        "supply point, without the border-point suffix. Typed in any case, with or "
        "without spaces or suffix.",
    )
    cups_full = fields.Char(
        string="CUPS as Received",
        size=22,
        copy=False,
        help="The CUPS as it was received, with its border-point suffix (e.g. 0F).",
    )
    cups_formatted = fields.Char(
        string="CUPS (formatted)", compute="_compute_cups_formatted"
    )
    cups_search = fields.Char(
        string="CUPS Search",
        compute="_compute_cups_search",
        search="_search_cups_search",
        help="Finds a CUPS typed with or without spaces, in any case, with or "
        "without suffix.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    status = fields.Selection(
        [("prospect", "Prospect"), ("customer", "Our Customer"), ("lost", "Lost")],
        required=True,
        default="prospect",
        index=True,
        tracking=True,
        help="Prospect: not supplied by us yet. Our customer: we supply it. "
        "Lost: we supplied it and it left.",
    )
    holder_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        help="Current holder (titular) of the supply.",
    )
    holder_vat = fields.Char(related="holder_id.vat", string="Holder NIF")
    current_retailer_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        domain=[("is_energy_retailer", "=", True)],
        tracking=True,
        help="Retailer that supplies the point today: us, or a competitor "
        "according to SIPS.",
    )
    distributor_id = fields.Many2one(
        "res.partner",
        compute="_compute_distributor_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        domain=[("is_energy_distributor", "=", True)],
        help="Derived from the CUPS prefix (and the province where the prefix "
        "needs it). Override it only with a reason.",
    )
    distributor_override_reason = fields.Char(
        tracking=True,
        help="Why the distributor differs from the one the CUPS prefix points to.",
    )
    is_distributor_overridden = fields.Boolean(
        compute="_compute_is_distributor_overridden"
    )

    # Address
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char(string="Postcode", index="btree_not_null")
    city = fields.Char(index="trigram")
    state_id = fields.Many2one(
        "res.country.state",
        string="Province",
        index="btree_not_null",
        domain="[('country_id', '=?', country_id)]",
    )
    country_id = fields.Many2one(
        "res.country",
        # the cached xmlid lookup, not env.ref(): no existence query per record
        default=lambda self: self.env["ir.model.data"]._xmlid_to_res_id(
            "base.es", raise_if_not_found=False
        ),
    )
    zone = fields.Selection(
        ZONES,
        string="Electric Zone",
        compute="_compute_zone",
        store=True,
        precompute=True,
        help="Drives the period calendar and the indirect tax (VAT, IGIC or IPSI).",
    )
    cadastral_reference = fields.Char(
        help="Referencia catastral of the property (20 characters), sent in switching "
        "messages."
    )

    # Technical data
    supply_use_id = fields.Many2one("energy.supply.use", index=True)
    cnae_id = fields.Many2one(
        "energy.cnae",
        string="CNAE",
        index="btree_not_null",
        help="Economic activity of the supply (CNAE-2009); 9820 for households.",
    )
    access_tariff_id = fields.Many2one(
        "energy.access.tariff", index=True, tracking=True
    )
    power_period_count = fields.Integer(related="access_tariff_id.power_period_count")
    voltage_v = fields.Integer(string="Voltage (V)", tracking=True)
    power_p1_kw = fields.Float(string="Power P1 (kW)", digits=(16, 3), tracking=True)
    power_p2_kw = fields.Float(string="Power P2 (kW)", digits=(16, 3), tracking=True)
    power_p3_kw = fields.Float(string="Power P3 (kW)", digits=(16, 3), tracking=True)
    power_p4_kw = fields.Float(string="Power P4 (kW)", digits=(16, 3), tracking=True)
    power_p5_kw = fields.Float(string="Power P5 (kW)", digits=(16, 3), tracking=True)
    power_p6_kw = fields.Float(string="Power P6 (kW)", digits=(16, 3), tracking=True)
    power_max_kw = fields.Float(
        string="Highest Power (kW)",
        digits=(16, 3),
        compute="_compute_power_max_kw",
        store=True,
        precompute=True,
    )
    power_control_mode = fields.Selection(
        [("icp", "ICP (power control switch)"), ("maximeter", "Maximeter")],
        help="How the contracted power is enforced (CNMC table 51).",
    )
    measure_point_type = fields.Selection(
        [
            ("1", "Type 1"),
            ("2", "Type 2"),
            ("3", "Type 3"),
            ("4", "Type 4"),
            ("5", "Type 5"),
        ],
        help="Measure point type (CNMC table 30): 5 for homes and small businesses.",
    )
    meter_owner = fields.Selection(
        [
            ("distributor", "Distributor (rented)"),
            ("customer", "Customer"),
            ("retailer", "Retailer"),
            ("other", "Other"),
        ],
        help="Who owns the meter (CNMC table 32); a rented meter adds the regulated "
        "rental to the bill.",
    )
    meter_telemanaged = fields.Boolean(string="Telemanaged Meter")
    self_consumption_type = fields.Selection(
        [
            ("none", "None"),
            ("without_surplus", "Without surplus"),
            ("surplus_compensation", "With surplus, simplified compensation"),
            ("surplus_no_compensation", "With surplus, no compensation"),
        ],
        default="none",
        required=True,
    )
    cau = fields.Char(
        string="CAU", help="Código de Autoconsumo of the self-consumption installation."
    )
    is_essential_supply = fields.Boolean(
        string="Essential Supply",
        tracking=True,
        help="Supply that can never be suspended for non-payment (hospitals, emergency "
        "services, life-support equipment...).",
    )
    has_bono_social = fields.Boolean(
        string="Bono Social",
        tracking=True,
        help="The holder receives the bono social (regulated discount for vulnerable "
        "consumers); suspension for debt follows its protected procedure.",
    )
    is_habitual_dwelling = fields.Boolean(string="Habitual Dwelling")

    # Consumption
    consumption_ids = fields.One2many(
        "energy.supply.point.consumption", "supply_point_id"
    )
    consumption_count = fields.Integer(compute="_compute_consumption_count")
    annual_date_to = fields.Date(
        string="Annual Consumption Up To",
        compute="_compute_annual_consumption",
        store=True,
        help="Last day of the twelve months the annual totals cover.",
    )
    annual_kwh_p1 = fields.Float(
        string="Annual kWh P1", compute="_compute_annual_consumption", store=True
    )
    annual_kwh_p2 = fields.Float(
        string="Annual kWh P2", compute="_compute_annual_consumption", store=True
    )
    annual_kwh_p3 = fields.Float(
        string="Annual kWh P3", compute="_compute_annual_consumption", store=True
    )
    annual_kwh_p4 = fields.Float(
        string="Annual kWh P4", compute="_compute_annual_consumption", store=True
    )
    annual_kwh_p5 = fields.Float(
        string="Annual kWh P5", compute="_compute_annual_consumption", store=True
    )
    annual_kwh_p6 = fields.Float(
        string="Annual kWh P6", compute="_compute_annual_consumption", store=True
    )
    annual_kwh_total = fields.Float(
        string="Annual kWh",
        compute="_compute_annual_consumption",
        store=True,
        index="btree_not_null",
        help="Consumption of the last twelve months with data, all periods.",
    )
    is_data_missing = fields.Boolean(
        string="Missing Data",
        compute="_compute_is_data_missing",
        store=True,
        index=True,
        help="Access tariff, contracted powers, postcode or distributor is missing.",
    )

    _sql_constraints = [
        (
            "cups_company_unique",
            "UNIQUE (cups, company_id)",
            "This CUPS already exists in this company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("cups", "cups_full")
    def _compute_cups_formatted(self):
        for point in self:
            value = point.cups_full or point.cups
            point.cups_formatted = stdnum_cups.format(value) if value else False

    def _compute_cups_search(self):
        for point in self:
            point.cups_search = point.cups

    @api.depends("cups", "state_id")
    def _compute_distributor_id(self):
        prefixes = self.env["energy.distributor.prefix"]
        table = prefixes._get_routing_table()
        keys = {(point.cups, point.state_id.id) for point in self if point.cups}
        resolved = prefixes._resolve_distributors(keys, table=table)
        partners = self.env["res.partner"]
        for point in self:
            partner_id = resolved.get((point.cups, point.state_id.id))
            point.distributor_id = partners.browse(partner_id) if partner_id else False

    @api.depends("cups", "state_id", "distributor_id")
    def _compute_is_distributor_overridden(self):
        prefixes = self.env["energy.distributor.prefix"]
        keys = {(point.cups, point.state_id.id) for point in self if point.cups}
        resolved = prefixes._resolve_distributors(keys)
        for point in self:
            expected = resolved.get((point.cups, point.state_id.id)) or False
            point.is_distributor_overridden = bool(
                point.distributor_id
                and expected
                and point.distributor_id.id != expected
            )

    @api.depends("state_id", "country_id")
    def _compute_zone(self):
        for point in self:
            code = (
                point.state_id.code if point.state_id.country_id.code == "ES" else False
            )
            point.zone = (
                ZONE_BY_STATE_CODE.get(code, "peninsula") if code else "peninsula"
            )

    @api.depends(*POWER_FIELDS)
    def _compute_power_max_kw(self):
        for point in self:
            point.power_max_kw = max(point[fname] for fname in POWER_FIELDS)

    def _compute_consumption_count(self):
        counts = count_related(
            self, "energy.supply.point.consumption", "supply_point_id"
        )
        for point in self:
            point.consumption_count = counts.get(point, 0)

    @api.depends(
        "consumption_ids.date_end",
        *(f"consumption_ids.{fname}" for fname in KWH_FIELDS),
    )
    def _compute_annual_consumption(self):
        """Totals of the twelve months that end on the point's latest reading.

        Computed for the whole batch with one query, so that imports of
        thousands of consumption rows recompute their points at once."""
        rows_by_point = defaultdict(list)
        saved = self.filtered("id")
        if saved:
            rows = self.env["energy.supply.point.consumption"].search_fetch(
                [("supply_point_id", "in", saved.ids)],
                ["supply_point_id", "date_end", *KWH_FIELDS],
                order="id",
            )
            for row in rows:
                rows_by_point[row.supply_point_id.id].append(row)
        for point in self:
            rows = rows_by_point[point.id] if point.id else point.consumption_ids
            rows = [row for row in rows if row.date_end]
            last = max((row.date_end for row in rows), default=False)
            totals = dict.fromkeys(ANNUAL_FIELDS, 0.0)
            if last:
                window_start = last - relativedelta(years=1)
                for row in rows:
                    if row.date_end > window_start:
                        for period in PERIODS:
                            totals[f"annual_kwh_p{period}"] += row[f"kwh_p{period}"]
            point.update(totals)
            point.annual_kwh_total = sum(totals.values())
            point.annual_date_to = last

    @api.depends("access_tariff_id", "power_max_kw", "zip", "distributor_id")
    def _compute_is_data_missing(self):
        for point in self:
            point.is_data_missing = not (
                point.access_tariff_id
                and point.power_max_kw
                and point.zip
                and point.distributor_id
            )

    def _search_cups_search(self, operator, value):
        if operator not in ("ilike", "like", "=", "=ilike", "=like") or not isinstance(
            value, str
        ):
            return [("cups", operator, value)]
        return [("cups", "ilike", self._cups_search_key(value))]

    @api.model
    def _cups_search_key(self, value):
        """What to look for when a user types a CUPS: normalised, and cut to the
        20-character base when it carries a valid suffix."""
        key = normalize_cups(value)
        if len(key) == 22 and stdnum_cups.is_valid(key):
            key = key[:20]
        return key

    @api.model
    def _search_display_name(self, operator, value):
        """A CUPS (any form), the holder's name or NIF, or the address."""
        if operator not in ("ilike", "like", "=", "=ilike", "=like") or not value:
            return super()._search_display_name(operator, value)
        return [
            "|",
            "|",
            "|",
            "|",
            "|",
            ("cups", "ilike", self._cups_search_key(value)),
            ("holder_id.name", operator, value),
            ("holder_id.vat", "ilike", normalize_cups(value)),
            ("street", operator, value),
            ("city", operator, value),
            ("zip", "=like", f"{value.strip()}%"),
        ]

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("cups", "cups_full")
    def _check_cups(self):
        for point in self:
            error = self._cups_error(point.cups_full or point.cups)
            if error:
                raise ValidationError(error)

    @api.constrains("access_tariff_id", "voltage_v", *POWER_FIELDS)
    def _check_powers(self):
        for point in self.filtered("access_tariff_id"):
            powers = [point[fname] for fname in POWER_FIELDS]
            if not any(powers) and not point.voltage_v:
                continue  # powers not known yet: flagged as missing data
            errors = point.access_tariff_id._power_errors(powers, point.voltage_v)
            if errors:
                raise ValidationError(
                    self.env._(
                        "Supply point %(cups)s:\n%(errors)s",
                        cups=point.cups,
                        errors="\n".join(errors),
                    )
                )

    @api.constrains("cadastral_reference")
    def _check_cadastral_reference(self):
        for point in self.filtered("cadastral_reference"):
            if not referenciacatastral.is_valid(point.cadastral_reference):
                raise ValidationError(
                    self.env._(
                        "%(reference)s is not a valid cadastral reference "
                        "(20 characters with correct check letters).",
                        reference=point.cadastral_reference,
                    )
                )

    @api.constrains("distributor_id", "distributor_override_reason", "cups", "state_id")
    def _check_distributor_override(self):
        for point in self.filtered("is_distributor_overridden"):
            if not (point.distributor_override_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "The CUPS %(cups)s belongs to %(expected)s. Give a reason to "
                        "assign it to %(chosen)s instead.",
                        cups=point.cups,
                        expected=self.env["energy.distributor.prefix"]
                        .resolve_distributor(point.cups, point.state_id)
                        .display_name,
                        chosen=point.distributor_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_cups_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_cups_vals(vals)
        return super().write(vals)

    @api.model
    def _normalize_cups_vals(self, vals):
        """Store the 20-character base in `cups` and the received form in
        `cups_full`, whatever spacing or case the user typed."""
        if vals.get("cups"):
            # refuse before anything is written, so that bad input changes nothing
            error = self._cups_error(vals["cups"])
            if error:
                raise ValidationError(error)
            full = normalize_cups(vals["cups"])
            vals["cups"] = full[:20]
            if len(full) > 20 or not vals.get("cups_full"):
                vals["cups_full"] = full
        if vals.get("cups_full"):
            vals["cups_full"] = normalize_cups(vals["cups_full"])

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_view_consumption(self):
        return open_related(
            self,
            "energy_base.energy_supply_point_consumption_action",
            "supply_point_id",
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _cups_error(self, value):
        """Why a CUPS is not valid, translated, or False when it is.

        Imports call this per row to report bad rows without raising."""
        code = normalize_cups(value)
        if not code:
            return self.env._("The CUPS is empty.")
        try:
            stdnum_cups.validate(code)
        except stdnum_exceptions.InvalidLength:
            return self.env._(
                "The CUPS %(cups)s has %(length)s characters; a CUPS has 20, or 22 "
                "with its border-point suffix.",
                cups=code,
                length=len(code),
            )
        except stdnum_exceptions.InvalidComponent:
            return self.env._("The CUPS %(cups)s must start with ES.", cups=code)
        except stdnum_exceptions.InvalidChecksum:
            return self.env._(
                "The check letters of the CUPS %(cups)s are wrong: they should be "
                "%(expected)s.",
                cups=code,
                expected=stdnum_cups.calc_check_digits(code[:18]),
            )
        except stdnum_exceptions.InvalidFormat:
            return self.env._(
                "The CUPS %(cups)s is malformed: ES, 16 digits, two check letters and "
                "optionally a digit and a letter.",
                cups=code,
            )
        return False

    def _get_powers_kw(self):
        """Contracted powers P1..P6 in kW, as a list of six floats."""
        self.ensure_one()
        return [self[fname] for fname in POWER_FIELDS]
