# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

PERIODS = range(1, 7)
ENERGY_PRICE_FIELDS = [f"energy_price_p{period}" for period in PERIODS]
POWER_PRICE_FIELDS = [f"power_price_p{period}" for period in PERIODS]
PRICE_DIGITS = (16, 6)


class EnergyProductPrice(models.Model):
    """Prices of a product over a validity period: energy per energy period
    (€/kWh), power per power period (€/kW·day), or, for indexed products, a
    margin over the market price. Versions of a product never overlap."""

    _name = "energy.product.price"
    _description = "Energy Product Price Version"
    _inherit = ["energy.validity.mixin"]
    _order = "product_id, date_from desc, id desc"
    _validity_scope_fields = ("product_id",)

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    product_id = fields.Many2one(
        "energy.product", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="product_id.company_id", store=True, index=True
    )
    access_tariff_id = fields.Many2one(related="product_id.access_tariff_id")
    pricing_type = fields.Selection(related="product_id.pricing_type")
    energy_period_count = fields.Integer(related="product_id.energy_period_count")
    power_period_count = fields.Integer(related="product_id.power_period_count")

    energy_price_p1 = fields.Float(string="Energy P1 (€/kWh)", digits=PRICE_DIGITS)
    energy_price_p2 = fields.Float(string="Energy P2 (€/kWh)", digits=PRICE_DIGITS)
    energy_price_p3 = fields.Float(string="Energy P3 (€/kWh)", digits=PRICE_DIGITS)
    energy_price_p4 = fields.Float(string="Energy P4 (€/kWh)", digits=PRICE_DIGITS)
    energy_price_p5 = fields.Float(string="Energy P5 (€/kWh)", digits=PRICE_DIGITS)
    energy_price_p6 = fields.Float(string="Energy P6 (€/kWh)", digits=PRICE_DIGITS)
    power_price_p1 = fields.Float(string="Power P1 (€/kW·day)", digits=PRICE_DIGITS)
    power_price_p2 = fields.Float(string="Power P2 (€/kW·day)", digits=PRICE_DIGITS)
    power_price_p3 = fields.Float(string="Power P3 (€/kW·day)", digits=PRICE_DIGITS)
    power_price_p4 = fields.Float(string="Power P4 (€/kW·day)", digits=PRICE_DIGITS)
    power_price_p5 = fields.Float(string="Power P5 (€/kW·day)", digits=PRICE_DIGITS)
    power_price_p6 = fields.Float(string="Power P6 (€/kW·day)", digits=PRICE_DIGITS)
    margin_per_kwh = fields.Float(
        string="Margin (€/kWh)",
        digits=PRICE_DIGITS,
        help="Indexed products: added to the hourly market price of each kWh.",
    )
    monthly_fee = fields.Float(
        string="Monthly Fee (€/month)",
        digits=(16, 4),
        help="Fixed service fee billed every month, on top of power and energy.",
    )
    note = fields.Char(help="Why these prices: campaign, yearly update of tolls...")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("product_id.display_name", "date_from", "date_to")
    def _compute_display_name(self):
        for price in self:
            if not price.date_from:
                price.display_name = price.product_id.display_name or ""
                continue
            price.display_name = self.env._(
                "%(product)s, %(validity)s",
                product=price.product_id.display_name,
                validity=price._validity_label(),
            )

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains(
        "product_id",
        "margin_per_kwh",
        "monthly_fee",
        *ENERGY_PRICE_FIELDS,
        *POWER_PRICE_FIELDS,
    )
    def _check_prices(self):
        """Prices must fit the product: one price per period of its access
        tariff and none beyond, fixed energy prices only on fixed products, a
        margin only on indexed ones, nothing negative."""
        for price in self:
            errors = price._price_errors()
            if errors:
                raise ValidationError("\n".join(errors))

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _price_fnames(self):
        """Fields a caller needs to price a supply with a version."""
        return [
            "product_id",
            "date_from",
            "date_to",
            *ENERGY_PRICE_FIELDS,
            *POWER_PRICE_FIELDS,
            "margin_per_kwh",
            "monthly_fee",
        ]

    def _get_energy_prices(self):
        """Energy prices P1..P6 in €/kWh, as a list of six floats."""
        self.ensure_one()
        return [self[fname] for fname in ENERGY_PRICE_FIELDS]

    def _get_power_prices(self):
        """Power prices P1..P6 in €/kW·day, as a list of six floats."""
        self.ensure_one()
        return [self[fname] for fname in POWER_PRICE_FIELDS]

    def _price_errors(self):
        """Reasons why this version's prices do not fit its product, translated;
        empty list when they do."""
        self.ensure_one()
        energy = self._get_energy_prices()
        power = self._get_power_prices()
        errors = []
        if any(value < 0 for value in (*energy, *power)) or (
            self.margin_per_kwh < 0 or self.monthly_fee < 0
        ):
            errors.append(
                self.env._(
                    "%(version)s: prices, margin and fees cannot be negative.",
                    version=self.display_name,
                )
            )
        errors += self._price_period_errors(energy, power)
        errors += self._price_type_errors(energy)
        return errors

    def _price_period_errors(self, energy, power):
        """Prices of periods the access tariff does not have, or missing
        power prices of the periods it has."""
        tariff = self.product_id.access_tariff_id
        energy_count = tariff.energy_period_count
        power_count = tariff.power_period_count
        errors = []
        if any(energy[energy_count:]):
            errors.append(
                self.env._(
                    "%(version)s: %(tariff)s has %(count)s energy periods, so the "
                    "energy prices P%(first)s to P6 must be empty.",
                    version=self.display_name,
                    tariff=tariff.name,
                    count=energy_count,
                    first=energy_count + 1,
                )
            )
        if any(power[power_count:]):
            errors.append(
                self.env._(
                    "%(version)s: %(tariff)s has %(count)s power periods, so the "
                    "power prices P%(first)s to P6 must be empty.",
                    version=self.display_name,
                    tariff=tariff.name,
                    count=power_count,
                    first=power_count + 1,
                )
            )
        if not all(power[:power_count]):
            errors.append(
                self.env._(
                    "%(version)s needs a power price for each of the %(count)s "
                    "power periods of %(tariff)s.",
                    version=self.display_name,
                    count=power_count,
                    tariff=tariff.name,
                )
            )
        return errors

    def _price_type_errors(self, energy):
        """Fixed products price every energy period and have no margin;
        indexed ones have no fixed energy price."""
        product = self.product_id
        tariff = product.access_tariff_id
        energy_count = tariff.energy_period_count
        errors = []
        if product.pricing_type == "fixed":
            if not all(energy[:energy_count]):
                errors.append(
                    self.env._(
                        "%(version)s needs an energy price for each of the "
                        "%(count)s energy periods of %(tariff)s.",
                        version=self.display_name,
                        count=energy_count,
                        tariff=tariff.name,
                    )
                )
            if self.margin_per_kwh:
                errors.append(
                    self.env._(
                        "%(version)s: %(product)s has fixed prices, so it has no "
                        "margin over the market price.",
                        version=self.display_name,
                        product=product.display_name,
                    )
                )
        elif any(energy[:energy_count]):
            errors.append(
                self.env._(
                    "%(version)s: %(product)s is indexed (market price plus "
                    "margin), so it has no fixed energy prices.",
                    version=self.display_name,
                    product=product.display_name,
                )
            )
        return errors
