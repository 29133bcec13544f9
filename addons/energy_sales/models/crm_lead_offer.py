# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

PERIODS = range(1, 7)


class CrmLead(models.Model):
    """Offers of a lead and its conversion into a contract request."""

    _inherit = "crm.lead"

    offer_ids = fields.One2many("energy.sales.offer", "lead_id", string="Offers")
    offer_count = fields.Integer(compute="_compute_offer_count")
    contract_ids = fields.One2many(
        "energy.contract", "lead_id", string="Contract Requests"
    )
    contract_count = fields.Integer(compute="_compute_offer_count")

    def _compute_offer_count(self):
        offers = dict(
            self.env["energy.sales.offer"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        contracts = dict(
            self.env["energy.contract"]
            .sudo()
            ._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.offer_count = offers.get(lead, 0)
            lead.contract_count = contracts.get(lead, 0)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_view_offers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Offers"),
            "res_model": "energy.sales.offer",
            "view_mode": "list,form",
            "domain": [("lead_id", "=", self.id)],
            "context": {"default_lead_id": self.id},
        }

    def action_view_contracts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contract Requests"),
            "res_model": "energy.contract",
            "view_mode": "list,form",
            "domain": [("lead_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _prepare_offer_values(self, line):
        """An offer of the product of a comparison line, with the product's
        prices in force and the lead's powers."""
        self.ensure_one()
        price = line.product_id.sudo().current_price_id
        if not price:
            raise UserError(
                self.env._(
                    "%(product)s has no price in force.",
                    product=line.product_id.display_name,
                )
            )
        values = {
            "lead_id": self.id,
            "product_id": line.product_id.id,
            "annual_cost": line.annual_cost,
            "current_cost": line.current_cost,
            "savings_amount": line.savings_amount,
            "savings_percent": line.savings_percent,
        }
        for period in PERIODS:
            values[f"power_p{period}_kw"] = self[f"power_p{period}_kw"]
            values[f"energy_price_p{period}"] = price[f"energy_price_p{period}"]
            values[f"power_price_p{period}"] = price[f"power_price_p{period}"]
        return values

    def _convert_to_contract(self, offer):
        """Create the contract request of an accepted offer, pre-filled, and
        link lead, offer and request both ways. Trusted code: the caller has
        checked that the offer may be accepted."""
        self.ensure_one()
        if not self.partner_id:
            self._handle_partner_assignment(create_missing=True)
        partner = self.partner_id
        if self.vat and not partner.vat:
            partner.sudo().vat = self.vat
        contract = (
            self.env["energy.contract"]
            .sudo()
            .create(self._prepare_contract_values(offer))
        )
        self.action_set_won()
        self.message_post(
            body=self.env._(
                "Offer %(offer)s accepted: contract request %(contract)s created.",
                offer=offer.name,
                contract=contract.name,
            )
        )
        return contract

    def _prepare_contract_values(self, offer):
        point = self.supply_point_id
        powers = {f"power_p{p}_kw": offer[f"power_p{p}_kw"] for p in PERIODS}
        changes = any(
            round(powers[fname], 3) != round(point[fname], 3) for fname in powers
        )
        if self.phonecall_ids:
            source = "telemarketing"
        elif self.channel_id:
            source = "field_sales"
        else:
            source = "backoffice"
        return {
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "customer_type": self.customer_type,
            "supply_point_id": point.id,
            "product_id": offer.product_id.id,
            "request_type": "switch_changes" if changes else "switch",
            "channel_id": self.channel_id.id,
            "user_id": self.user_id.id or self.env.uid,
            "source": source,
            "lead_id": self.id,
            "offer_id": offer.id,
            "campaign_id": self.campaign_id.id,
            "source_id": self.source_id.id,
            "medium_id": self.medium_id.id,
            **powers,
        }
