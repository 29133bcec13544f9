# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.energy_contract_signature.tests.signature_common import signature_png

from .portal_common import OfferPortalCase


@tagged("post_install", "-at_install")
class TestOfferPortal(OfferPortalCase, HttpCase):
    """The offer mailed with its PDF and portal link, accepted and signed by
    the customer on the portal, and the contract request it creates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(["energy_sales"], ["es_ES"])

    def _accept(self, offer, token=None, name="Lucía Pérez Gómez", signature=None):
        token = offer.access_token if token is None else token
        return self.make_jsonrpc_request(
            f"/my/offers/{offer.id}/accept?access_token={token}",
            {"name": name, "signature": signature or signature_png()},
        )

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def test_send_mails_the_spanish_offer_with_its_pdf_and_portal_link(self):
        offer = self._offer()
        offer.lead_id.lang_id = self.env["res.lang"]._lang_get("es_ES")
        message = self._send(offer)
        self.assertEqual(offer.state, "sent")
        self.assertTrue(offer.partner_id, "the customer is created to receive it")
        self.assertEqual(message.partner_ids, offer.partner_id)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn(offer.name, message.attachment_ids.name)
        body = str(message.body)
        self.assertIn(f"/my/offers/{offer.id}", body)
        self.assertIn(offer.access_token, body)
        self.assertIn("Revisar, aceptar y firmar la oferta", body)
        self.assertIn(offer.name, message.subject)

    def test_an_offer_without_e_mail_or_expired_is_not_sent(self):
        offer = self._offer()
        offer.lead_id.email_from = False
        with self.assertRaisesRegex(UserError, "no e-mail address"):
            offer.with_user(self.agent).action_send_offer()
        offer.lead_id.email_from = "lucia.perez@example.es"
        offer.validity_date = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "cannot be sent"):
            offer.with_user(self.agent).action_send_offer()
        self.assertEqual(offer.state, "draft")

    # ------------------------------------------------------------------
    # The page
    # ------------------------------------------------------------------

    def test_the_mailed_link_shows_product_prices_powers_savings_validity(self):
        offer = self._offer()
        self._send(offer)
        response = self.url_open(offer.get_portal_url())
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(offer.name, page)
        self.assertIn(offer.product_id.name, page)
        self.assertIn("5.750", page)  # power P1
        self.assertIn("0.140000", page)  # energy price P1
        self.assertIn("energy_offer_savings", page)
        self.assertIn("modal_energy_offer_accept", page)

    def test_a_wrong_token_or_no_token_opens_nothing(self):
        offer = self._offer()
        self._send(offer)
        for url in (
            f"/my/offers/{offer.id}?access_token=not-the-token",
            f"/my/offers/{offer.id}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(offer.name, response.text)
            self.assertIn("o_energy_offer_invalid", response.text)
        answer = self._accept(offer, token="not-the-token")
        self.assertIn("not valid", answer["error"])
        self.assertEqual(offer.state, "sent")
        self.assertFalse(offer.contract_id)

    def test_another_portal_customer_cannot_open_or_accept(self):
        offer = self._offer()
        self._send(offer)
        stranger = new_test_user(
            self.env, login="offer_stranger", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            offer.with_user(stranger).read(["name"])
        self.authenticate("offer_stranger", "offer_stranger")
        response = self.url_open(f"/my/offers/{offer.id}")
        self.assertEqual(response.status_code, 404)
        answer = self.make_jsonrpc_request(
            f"/my/offers/{offer.id}/accept",
            {"name": "Someone", "signature": signature_png()},
        )
        self.assertTrue(answer["error"])
        self.assertEqual(offer.state, "sent")

    def test_the_customer_logged_in_opens_and_accepts_without_token(self):
        offer = self._offer()
        self._send(offer)
        user = new_test_user(
            self.env,
            login="offer_customer",
            groups="base.group_portal",
            partner_id=offer.partner_id.id,
        )
        self.assertEqual(offer.with_user(user).read(["name"])[0]["name"], offer.name)
        self.authenticate("offer_customer", "offer_customer")
        page = self.url_open(f"/my/offers/{offer.id}").text
        self.assertIn("modal_energy_offer_accept", page)
        answer = self.make_jsonrpc_request(
            f"/my/offers/{offer.id}/accept",
            {"name": "Lucía Pérez Gómez", "signature": signature_png()},
        )
        self.assertTrue(answer.get("force_refresh"), answer)
        self.assertEqual(offer.state, "accepted")

    def test_the_customer_lists_the_offers_sent_to_them_only(self):
        offer = self._offer()
        self._send(offer)
        draft = self._offer_again(offer.lead_id)
        user = new_test_user(
            self.env,
            login="offer_lister",
            groups="base.group_portal",
            partner_id=offer.partner_id.id,
        )
        self.assertTrue(user)
        stranger_offer = self.env["energy.sales.offer"].search(
            [("state", "=", "sent"), ("partner_id", "!=", offer.partner_id.id)],
            limit=1,
        )
        self.authenticate("offer_lister", "offer_lister")
        page = self.url_open("/my/offers").text
        self.assertIn(offer.name, page)
        self.assertNotIn(draft.name, page, "a draft was not sent to them")
        self.assertTrue(stranger_offer, "the demo sent one to another customer")
        self.assertNotIn(stranger_offer.name, page)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["energy_offer_count"]}
        )
        self.assertEqual(counters["energy_offer_count"], 1)

    # ------------------------------------------------------------------
    # Accepting and signing
    # ------------------------------------------------------------------

    def test_signing_creates_the_contract_request_with_the_signed_offer(self):
        offer = self._offer()
        lead = offer.lead_id
        bill = self.env["ir.attachment"].create(
            {
                "name": "factura-anterior.pdf",
                "raw": b"%PDF-1.4 last bill",
                "res_model": "crm.lead",
                "res_id": lead.id,
            }
        )
        self._send(offer)
        answer = self._accept(offer)
        self.assertTrue(answer.get("force_refresh"), answer)
        self.assertIn("message=sign_ok", answer["redirect_url"])
        # the offer keeps the evidence of the signature
        self.assertEqual(offer.state, "accepted")
        self.assertEqual(offer.signed_by, "Lucía Pérez Gómez")
        self.assertTrue(offer.signed_on)
        self.assertEqual(offer.signature_ip, "127.0.0.1")
        self.assertTrue(offer.signature_user_agent)
        signed = offer.signed_pdf_attachment_id
        self.assertEqual(
            hashlib.sha256(signed.raw).hexdigest(), offer.signed_pdf_sha256
        )
        # the contract request, pre-filled and linked both ways
        contract = offer.contract_id
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.partner_id, lead.partner_id)
        self.assertEqual(contract.supply_point_id, self.point)
        self.assertEqual(contract.product_id, self.cheap)
        self.assertEqual((contract.power_p1_kw, contract.power_p2_kw), (5.75, 5.75))
        self.assertEqual(contract.channel_id, self.channel)
        self.assertEqual(contract.campaign_id, self.campaign)
        self.assertEqual(contract.source_id, self.utm_source)
        self.assertEqual(contract.medium_id, self.utm_medium)
        self.assertEqual((contract.lead_id, contract.offer_id), (lead, offer))
        self.assertEqual(lead.contract_ids, contract)
        self.assertEqual(lead.probability, 100)
        # documents: the signed offer and the lead's files, received
        documents = {d.document_type_id.code: d for d in contract.document_ids}
        self.assertEqual(set(documents), {"signed_offer", "sales_lead_files"})
        self.assertEqual(
            {d.state for d in documents.values()}, {"received"}, "received"
        )
        self.assertEqual(
            documents["signed_offer"].attachment_ids.checksum, signed.checksum
        )
        self.assertEqual(documents["sales_lead_files"].attachment_ids.raw, bill.raw)
        # the history keeps the signature and the documents, hash-chained
        note = contract.event_ids.filtered(lambda e: e.field_name == "offer_signature")
        self.assertEqual(note.new_value, offer.signed_pdf_sha256)
        self.assertIn("Lucía Pérez Gómez", note.reason)
        self.assertFalse(contract.event_ids._verify_chain())
        # the signed file, not a new rendering, is what the portal serves
        pdf = self.url_open(f"{offer.get_portal_url()}&report_type=pdf")
        self.assertEqual(pdf.content, signed.raw)

    def test_an_unassigned_web_lead_request_follows_the_offers_author(self):
        offer = self._offer()
        team = self.env["crm.team"].create(
            {"name": "Web", "company_id": self.env.company.id}
        )
        offer.lead_id.write({"user_id": False, "team_id": team.id})
        self.env["energy.sales.lead.submission"].create(
            {"origin": "web", "lead_id": offer.lead_id.id, "ip_address": "1.2.3.4"}
        )
        self._send(offer)
        self.assertTrue(self._accept(offer).get("force_refresh"))
        self.assertEqual(offer.contract_id.user_id, offer.create_uid)
        self.assertEqual(offer.contract_id.source, "web")

    def test_expired_accepted_and_cancelled_offers_are_refused_unchanged(self):
        expired = self._offer()
        self._send(expired)
        expired.validity_date = fields.Date.today() - timedelta(days=1)
        page = self.url_open(expired.get_portal_url()).text
        self.assertIn("o_energy_offer_refusal", page)
        self.assertNotIn("modal_energy_offer_accept", page)
        self.assertIn("expired", self._accept(expired)["error"])
        self.env["energy.sales.offer"]._cron_expire_offers()
        self.assertEqual(expired.state, "expired")
        self.assertIn("expired", self._accept(expired)["error"])
        self.assertFalse(expired.contract_id or expired.signed_on)

        accepted = self._offer_again(expired.lead_id)
        accepted._portal_ensure_token()
        self.assertTrue(self._accept(accepted).get("force_refresh"))
        contract = accepted.contract_id
        answer = self._accept(accepted, name="Otra Persona")
        self.assertIn("already accepted", answer["error"])
        self.assertEqual(
            (accepted.contract_id, accepted.signed_by), (contract, "Lucía Pérez Gómez")
        )
        self.assertEqual(len(expired.lead_id.contract_ids), 1)

        cancelled = self._offer_again(expired.lead_id)
        cancelled.state = "cancel"
        cancelled._portal_ensure_token()
        self.assertIn("withdrawn", self._accept(cancelled)["error"])
        self.assertFalse(cancelled.contract_id)

    def test_a_signature_without_name_or_image_is_refused_unchanged(self):
        offer = self._offer()
        self._send(offer)
        self.assertIn("full name", self._accept(offer, name=" ")["error"])
        bad = base64.b64encode(b"not an image").decode()
        self.assertIn("could not be read", self._accept(offer, signature=bad)["error"])
        self.assertEqual(offer.state, "sent")
        self.assertFalse(offer.signed_on or offer.contract_id)

    def test_the_signature_evidence_is_written_only_by_the_portal(self):
        offer = self._offer()
        for env in (
            self.env(user=self.agent),
            self.env(user=self.agent, context={"install_mode": True}),
            self.env(su=True),
        ):
            with self.assertRaisesRegex(UserError, "only when they accept"):
                offer.with_env(env).write(
                    {"signed_by": "Forged", "signed_on": fields.Datetime.now()}
                )
        self.assertFalse(offer.signed_by)

    def test_only_draft_offers_are_marked_sent_by_the_composer(self):
        offer = self._offer()
        offer.action_cancel()
        offer.with_context(mark_offer_as_sent=True).message_post(body="Hola")
        self.assertEqual(offer.state, "cancel")

    def test_customer_accepts_and_signs_in_the_browser(self):
        offer = self._offer()
        self._send(offer)
        self.start_tour(offer.get_portal_url(), "energy_sales_offer_sign")
        self.assertEqual(offer.state, "accepted")
        self.assertEqual(offer.signed_by, "Lucía Pérez Gómez")
        self.assertTrue(offer.contract_id)

    def _offer_again(self, lead):
        line = lead.comparison_line_ids.filtered(
            lambda line: line.product_id == self.dear
        )
        return self.env["energy.sales.offer"].create(lead._prepare_offer_values(line))
