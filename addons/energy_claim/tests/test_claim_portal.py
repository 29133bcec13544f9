# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.energy_base.tests.common import make_cups


@tagged("post_install", "-at_install")
class TestClaimPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Marta Sanz Robles", "vat": "ES12345678Z", "email": "m@example.es"}
        )
        cls.other = Partner.create({"name": "Andrés Gil Ortega", "vat": "ES00000000T"})
        tariff = cls.env.ref("energy_base.access_tariff_20td")
        cls.own_point, cls.other_point = cls.env["energy.supply.point"].create(
            [
                {
                    "cups": make_cups(f"0021{991000000 + n:012d}"),
                    "access_tariff_id": tariff.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "holder_id": holder.id,
                }
                for n, holder in enumerate((cls.customer, cls.other))
            ]
        )
        cls.portal = new_test_user(
            cls.env,
            "claim_portal",
            password="claim_portal_pw",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.subtype = cls.env.ref("energy_claim.claim_subtype_009")

    def _submit(self, **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "subject": "Lectura excesiva",
            "description": "La factura no coincide con el contador.",
            **values,
        }
        return self.url_open("/submitted/ticket", data=data)

    def _claims(self):
        return self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.customer.id)]
        )

    def test_customer_files_a_claim_on_own_supply_point(self):
        self.authenticate("claim_portal", "claim_portal_pw")
        page = self.url_open("/new/ticket")
        self.assertIn(self.own_point.cups, page.text)
        self.assertNotIn(self.other_point.cups, page.text)
        response = self._submit(
            claim_subtype=self.subtype.id, claim_supply_point=self.own_point.id
        )
        self.assertEqual(response.status_code, 200)
        claim = self._claims()
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.claim_subtype_id, self.subtype)
        self.assertEqual(claim.supply_point_ids, self.own_point)
        self.assertEqual(claim.origin, "portal")
        self.assertTrue(claim.tracking_code)
        self.assertIn(claim.tracking_code, self.url_open(f"/my/ticket/{claim.id}").text)

    def test_another_customers_supply_point_refused(self):
        self.authenticate("claim_portal", "claim_portal_pw")
        response = self._submit(
            claim_subtype=self.subtype.id, claim_supply_point=self.other_point.id
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self._claims())

    def test_another_customers_claim_page_denied(self):
        claim = self.env["helpdesk.ticket"].create(
            {"name": "Ajena", "description": "<p>x</p>", "partner_id": self.other.id}
        )
        self.authenticate("claim_portal", "claim_portal_pw")
        response = self.url_open(f"/my/ticket/{claim.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)

    def test_follow_claim_by_tracking_code_and_nif(self):
        claim = self.env["helpdesk.ticket"].create(
            {
                "name": "Seguimiento",
                "description": "<p>x</p>",
                "partner_id": self.customer.id,
            }
        )
        page = self.url_open(f"/claim/track?code={claim.tracking_code}&vat=12345678Z")
        self.assertIn("Seguimiento", page.text)
        self.assertNotIn("No claim matches", page.text)
        wrong = self.url_open(f"/claim/track?code={claim.tracking_code}&vat=00000000T")
        self.assertNotIn("Seguimiento", wrong.text)
        self.assertIn("No claim matches", wrong.text)

    def test_customer_reads_the_answer_letter_of_own_resolved_claim_only(self):
        Ticket = self.env["helpdesk.ticket"]
        own, foreign = Ticket.create(
            [
                {
                    "name": "Lectura excesiva",
                    "description": "<p>x</p>",
                    "partner_id": partner.id,
                    "claim_subtype_id": self.subtype.id,
                    "result_id": self.env.ref("energy_claim.claim_result_01").id,
                    "root_cause": "metering",
                    "resolved_because": "Se corrigió la lectura.",
                    "recurrence_text": "La lectura se valida antes de facturar.",
                    "answer_text": "<p>Emitimos una factura rectificativa.</p>",
                }
                for partner in (self.customer, self.other)
            ]
        )
        self.authenticate("claim_portal", "claim_portal_pw")
        pending = self.url_open(
            f"/my/ticket/{own.id}/answer?report_type=html", allow_redirects=False
        )
        self.assertEqual(pending.status_code, 303, "no letter before the answer")
        (own | foreign).action_claim_resolve()
        letter = self.url_open(f"/my/ticket/{own.id}/answer?report_type=html")
        self.assertEqual(letter.status_code, 200)
        self.assertIn("Emitimos una factura rectificativa.", letter.text)
        self.assertIn(
            f"/my/ticket/{own.id}/answer", self.url_open(f"/my/ticket/{own.id}").text
        )
        denied = self.url_open(
            f"/my/ticket/{foreign.id}/answer?report_type=html", allow_redirects=False
        )
        self.assertNotEqual(denied.status_code, 200)
        self.assertNotIn("Emitimos", denied.text)
