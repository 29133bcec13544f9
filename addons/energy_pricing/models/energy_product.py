# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EnergyProduct(models.Model):
    """A retail offer of ours for one access tariff (e.g. a fixed-price home
    offer on 2.0TD). What it costs is in its dated price versions."""

    _name = "energy.product"
    _description = "Energy Product"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _rec_names_search = ["name", "code"]

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        index=True,
        tracking=True,
        help="Short reference of the offer, unique in the company; printed on "
        "offers and contracts.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    access_tariff_id = fields.Many2one(
        "energy.access.tariff",
        required=True,
        index=True,
        tracking=True,
        help="Access toll the offer is for: it fixes how many energy and power "
        "periods the offer prices.",
    )
    energy_period_count = fields.Integer(
        related="access_tariff_id.energy_period_count", string="Energy Periods"
    )
    power_period_count = fields.Integer(
        related="access_tariff_id.power_period_count", string="Power Periods"
    )
    pricing_type = fields.Selection(
        [
            ("fixed", "Fixed price per period"),
            ("indexed", "Indexed (market price plus margin)"),
        ],
        required=True,
        default="fixed",
        index=True,
        tracking=True,
        help="Fixed: a price per kWh for each energy period. Indexed: the hourly "
        "market price passed through, plus a margin per kWh.",
    )
    description = fields.Html(
        help="What the customer reads about the offer on the offer document, in "
        "the language of the offers.",
    )
    contract_duration_months = fields.Integer(
        string="Contract Duration (months)",
        default=12,
        required=True,
        tracking=True,
        help="Term of the contract and of the price commitment.",
    )
    is_green_energy = fields.Boolean(
        string="Renewable Origin",
        tracking=True,
        help="The energy is backed by guarantees of origin (GdO) of renewable "
        "sources, issued by the CNMC.",
    )
    price_ids = fields.One2many(
        "energy.product.price", "product_id", string="Price Versions"
    )
    current_price_id = fields.Many2one(
        "energy.product.price",
        string="Price in Force",
        compute="_compute_current_price_id",
        help="Price version that applies today.",
    )

    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE (code, company_id)",
            "Another product of this company already has this code.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("price_ids.date_from", "price_ids.date_to")
    @api.depends_context("tz")
    def _compute_current_price_id(self):
        saved = self.filtered("id")
        prices = saved._get_price_at(fields.Date.context_today(self))
        for product in self:
            product.current_price_id = prices.get(product, False)

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("contract_duration_months")
    def _check_contract_duration_months(self):
        for product in self:
            if product.contract_duration_months <= 0:
                raise ValidationError(
                    self.env._(
                        "The contract duration of %(product)s must be at least one "
                        "month.",
                        product=product.display_name,
                    )
                )

    @api.constrains("access_tariff_id", "pricing_type")
    def _check_prices_match_tariff(self):
        """Changing the tariff or the pricing type must keep every existing
        price version consistent."""
        self.price_ids._check_prices()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_price_at(self, date=None):
        """Price version of each product in force on `date` (today when empty).

        One query whatever the number of products, so comparators can price
        many offers at once.

        :return: dict {product: energy.product.price}, with an empty recordset
            for products without a price on that date
        """
        date = date or fields.Date.context_today(self)
        Price = self.env["energy.product.price"]
        prices = Price.browse()
        if self.ids:
            prices = Price.search_fetch(
                [("product_id", "in", self.ids), *Price._in_force_domain(date)],
                Price._price_fnames(),
            )
        by_product = {price.product_id: price for price in prices}
        return {product: by_product.get(product, Price) for product in self}
