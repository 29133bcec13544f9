# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .portal_common import OfferPortalCase


class TestOffer(OfferPortalCase):
    """Offer from the comparator, its Spanish PDF and the conversion into a
    contract request."""

    def test_offer_carries_product_prices_powers_savings_and_validity(self):
        offer = self._offer()
        self.assertEqual(offer.product_id, self.cheap)
        self.assertEqual(offer.power_p1_kw, 5.75)
        self.assertEqual(offer.energy_price_p1, 0.14)
        self.assertEqual(offer.power_price_p2, 0.02)
        self.assertEqual(
            offer.validity_date, fields.Date.context_today(offer) + timedelta(days=15)
        )
        line = offer.lead_id.comparison_line_ids.filtered(
            lambda line: line.product_id == self.cheap
        )
        self.assertAlmostEqual(offer.savings_amount, line.savings_amount, places=2)
        self.assertTrue(offer.name.startswith("OF/"))

    def test_offer_pdf_is_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["energy_sales"], ["es_ES"])
        offer = self._offer()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("energy_sales.report_energy_sales_offer", offer.ids)[0]
            .decode()
        )
        self.assertIn("Oferta de suministro", html)
        self.assertIn("Ahorro anual", html)
        self.assertIn(offer.name, html)
        self.assertIn("0.140000", html)

    def test_accepting_creates_the_contract_request_pre_filled(self):
        offer = self._offer()
        lead = offer.lead_id
        offer.with_user(self.agent).action_accept()
        contract = offer.contract_id
        self.assertEqual(offer.state, "accepted")
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.supply_point_id, self.point)
        self.assertEqual(contract.product_id, self.cheap)
        self.assertEqual((contract.power_p1_kw, contract.power_p2_kw), (5.75, 5.75))
        self.assertEqual(contract.request_type, "switch_changes")
        self.assertEqual(contract.channel_id, self.channel)
        self.assertEqual(contract.partner_id, lead.partner_id)
        self.assertEqual(contract.partner_id.vat, "12345678Z")
        self.assertEqual(contract.user_id, self.agent)
        # linked both ways
        self.assertEqual(contract.lead_id, lead)
        self.assertEqual(contract.offer_id, offer)
        self.assertEqual(lead.contract_ids, contract)
        self.assertEqual(lead.contract_count, 1)
        # UTM travels from the lead to the contract
        self.assertEqual(contract.campaign_id, self.campaign)
        self.assertEqual(contract.source_id, self.utm_source)
        self.assertEqual(contract.medium_id, self.utm_medium)
        self.assertEqual(lead.probability, 100)

    def test_an_offer_is_accepted_once_and_not_when_expired(self):
        offer = self._offer()
        offer.action_accept()
        with self.assertRaisesRegex(UserError, "not open"):
            offer.action_accept()
        late = self._offer_again(offer.lead_id)
        late.validity_date = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "expired"):
            late.action_accept()

    def test_a_contract_taken_by_phone_needs_the_identity_verified(self):
        offer = self._offer()
        lead = offer.lead_id
        self._log_call(lead, outcome="interested")
        for context in ({}, {"skip_identity_check": True, "install_mode": True}):
            with self.assertRaises(UserError) as caught:
                offer.with_user(self.agent).with_context(**context).action_accept()
            self.assertIn("verify the person's identity", str(caught.exception))
        self.assertFalse(offer.contract_id)
        with self.assertRaisesRegex(ValidationError, "method"):
            lead.identity_verified_on = fields.Datetime.now()
        lead.write(
            {
                "identity_verified_on": fields.Datetime.now(),
                "identity_method": "recording",
                "identity_reference": "GRAB-0042",
            }
        )
        offer.with_user(self.agent).action_accept()
        self.assertTrue(offer.contract_id)
        self.assertEqual(offer.contract_id.source, "telemarketing")

    def _offer_again(self, lead):
        line = lead.comparison_line_ids.filtered(
            lambda line: line.product_id == self.dear
        )
        return self.env["energy.sales.offer"].create(lead._prepare_offer_values(line))

    def test_another_agent_cannot_see_my_offer(self):
        offer = self._offer()
        self.assertFalse(
            self.env["energy.sales.offer"]
            .with_user(self.other_agent)
            .search([("id", "=", offer.id)])
        )
