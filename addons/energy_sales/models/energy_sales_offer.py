# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

PERIODS = range(1, 7)
OFFER_VALIDITY_DAYS = 15
# An offer may be accepted or cancelled while draft or sent to the customer.
OPEN_STATES = ("draft", "sent")


class EnergySalesOffer(models.Model):
    """What we offer a lead: one product with its prices, the powers, the
    savings the comparator found and how long the offer holds. Accepting it
    turns the lead into a contract request."""

    _name = "energy.sales.offer"
    _description = "Supply Offer"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/"
    )
    lead_id = fields.Many2one(
        "crm.lead", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True)
    user_id = fields.Many2one(related="lead_id.user_id", store=True)
    cups = fields.Char(related="lead_id.cups", string="CUPS")
    supply_point_id = fields.Many2one(related="lead_id.supply_point_id")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("accepted", "Accepted"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    product_id = fields.Many2one("energy.product", required=True, tracking=True)
    access_tariff_id = fields.Many2one(related="product_id.access_tariff_id")
    validity_date = fields.Date(
        string="Valid Until",
        required=True,
        default=lambda self: fields.Date.context_today(self)
        + timedelta(days=OFFER_VALIDITY_DAYS),
    )
    power_p1_kw = fields.Float(string="Power P1 (kW)", digits=(16, 3))
    power_p2_kw = fields.Float(string="Power P2 (kW)", digits=(16, 3))
    power_p3_kw = fields.Float(string="Power P3 (kW)", digits=(16, 3))
    power_p4_kw = fields.Float(string="Power P4 (kW)", digits=(16, 3))
    power_p5_kw = fields.Float(string="Power P5 (kW)", digits=(16, 3))
    power_p6_kw = fields.Float(string="Power P6 (kW)", digits=(16, 3))
    energy_price_p1 = fields.Float(string="Energy P1 (€/kWh)", digits=(16, 6))
    energy_price_p2 = fields.Float(string="Energy P2 (€/kWh)", digits=(16, 6))
    energy_price_p3 = fields.Float(string="Energy P3 (€/kWh)", digits=(16, 6))
    energy_price_p4 = fields.Float(string="Energy P4 (€/kWh)", digits=(16, 6))
    energy_price_p5 = fields.Float(string="Energy P5 (€/kWh)", digits=(16, 6))
    energy_price_p6 = fields.Float(string="Energy P6 (€/kWh)", digits=(16, 6))
    power_price_p1 = fields.Float(string="Power P1 (€/kW·day)", digits=(16, 6))
    power_price_p2 = fields.Float(string="Power P2 (€/kW·day)", digits=(16, 6))
    power_price_p3 = fields.Float(string="Power P3 (€/kW·day)", digits=(16, 6))
    power_price_p4 = fields.Float(string="Power P4 (€/kW·day)", digits=(16, 6))
    power_price_p5 = fields.Float(string="Power P5 (€/kW·day)", digits=(16, 6))
    power_price_p6 = fields.Float(string="Power P6 (€/kW·day)", digits=(16, 6))
    annual_cost = fields.Monetary()
    current_cost = fields.Monetary(string="Current Annual Cost")
    savings_amount = fields.Monetary(string="Annual Savings")
    savings_percent = fields.Float(string="Savings (%)", digits=(16, 2))
    contract_id = fields.Many2one(
        "energy.contract", string="Contract Request", readonly=True, copy=False
    )
    is_expired = fields.Boolean(compute="_compute_is_expired")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("validity_date", "state")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for offer in self:
            offer.is_expired = offer.state == "draft" and offer.validity_date < today

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("energy.sales.offer") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_print(self):
        report = self.env.ref("energy_sales.action_report_energy_sales_offer")
        return report.report_action(self)

    def action_accept(self):
        """The customer accepts: the contract request is created with what the
        offer says (see crm.lead._convert_to_contract)."""
        for offer in self:
            error = offer._acceptance_error()
            if error:
                raise UserError(error)
        for offer in self:
            contract = offer.lead_id._convert_to_contract(offer)
            offer.write({"state": "accepted", "contract_id": contract.id})
            offer.lead_id.offer_ids.filtered(
                lambda other, offer=offer: other != offer and other.state in OPEN_STATES
            ).write({"state": "cancel"})
        return True

    def action_open_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.contract",
            "res_id": self.contract_id.id,
            "view_mode": "form",
        }

    def action_cancel(self):
        self.filtered(lambda offer: offer.state in OPEN_STATES).write(
            {"state": "cancel"}
        )
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _acceptance_error(self):
        self.ensure_one()
        if self.state not in OPEN_STATES:
            return self.env._("%(offer)s is not open any more.", offer=self.name)
        if self.is_expired:
            return self.env._(
                "%(offer)s expired on %(date)s: make a new offer.",
                offer=self.name,
                date=self.validity_date,
            )
        if not self.lead_id.supply_point_id:
            return self.env._("The lead has no supply point.")
        lead = self.lead_id.sudo()
        if lead.phonecall_ids and not lead.identity_verified_on:
            return self.env._(
                "%(lead)s was worked by phone: verify the person's identity and "
                "record its evidence before taking the contract (RD 88/2026).",
                lead=lead.name,
            )
        return False

    def _get_power_rows(self):
        count = self.access_tariff_id.power_period_count or 6
        return [
            (p, self[f"power_p{p}_kw"], self[f"power_price_p{p}"])
            for p in range(1, count + 1)
        ]

    def _get_energy_rows(self):
        count = self.access_tariff_id.energy_period_count or 6
        return [(p, self[f"energy_price_p{p}"]) for p in range(1, count + 1)]
