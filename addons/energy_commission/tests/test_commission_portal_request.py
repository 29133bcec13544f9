# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.energy_base.tests.common import make_cups


@tagged("post_install", "-at_install")
class TestCommissionPortalRequest(HttpCase):
    """A channel submits a contract request from the portal: it lands in
    Documentation, sold by the user's channel whatever the form says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.levante = (
            cls.env["res.users"]
            .search([("login", "=", "channel")])
            .partner_id.commercial_partner_id
        )
        cls.other_channel = cls.env["res.partner"].search(
            [
                ("is_energy_channel", "=", True),
                ("parent_id", "=", False),
                ("id", "!=", cls.levante.id),
            ],
            limit=1,
        )
        cls.cups = make_cups("0021999000000001")

    def _submit(self, **values):
        data = {
            "customer_name": "Marta Gil Serrano",
            "customer_vat": "12345678Z",
            "customer_email": "marta.gil@example.es",
            "cups": self.cups,
            "tariff": "2.0TD",
            "request_type": "switch",
            "csrf_token": http.Request.csrf_token(self),
            **values,
        }
        return self.url_open(
            "/my/contracts/new",
            data=data,
            files={"attachments": ("dni.pdf", b"%PDF-1.4 dni", "application/pdf")},
        )

    def _requests(self):
        return self.env["energy.contract"].search([("cups", "=", self.cups[:20])])

    def test_channel_submits_a_request(self):
        self.authenticate("channel", "channel")
        form = self.url_open("/my/contracts/new")
        self.assertEqual(form.status_code, 200)
        self.assertIn("o_energy_contract_new_form", form.text)
        response = self._submit(
            # tampered fields: not read by the route
            channel_id=self.other_channel.id,
            state="active",
            company_id=999,
        )
        self.assertEqual(response.status_code, 200)
        contract = self._requests()
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.channel_id, self.levante)
        self.assertEqual(contract.state, "documentation")
        self.assertEqual(contract.request_type, "switch")
        # SIPS does not know this CUPS: a prospect with the tariff typed
        self.assertEqual(contract.supply_point_id.access_tariff_id.name, "2.0TD")
        self.assertEqual(contract.partner_id.vat, "ES12345678Z")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "energy.contract"), ("res_id", "=", contract.id)]
        )
        self.assertEqual(attachment.mapped("name"), ["dni.pdf"])
        # the request is on the channel's list
        listing = self.url_open("/my/contracts")
        self.assertIn(contract.name, listing.text)

    def test_bad_input_is_refused_and_creates_nothing(self):
        self.authenticate("channel", "channel")
        partners = self.env["res.partner"].search_count([])
        response = self._submit(customer_vat="12345678A", cups="ES0021999000000001XX")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_energy_contract_new_error", response.text)
        self.assertIn("not a valid Spanish NIF", response.text)
        self.assertFalse(self._requests())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        response = self._submit(request_type="termination")
        self.assertIn("o_energy_contract_new_error", response.text)
        self.assertFalse(self._requests())

    def test_a_known_supply_point_is_reused(self):
        point = self.env["energy.supply.point"].create(
            {
                "cups": self.cups,
                "access_tariff_id": self.env.ref("energy_base.access_tariff_30td").id,
                "power_p1_kw": 20.0,
                "power_p2_kw": 20.0,
                "power_p3_kw": 20.0,
                "power_p4_kw": 20.0,
                "power_p5_kw": 20.0,
                "power_p6_kw": 20.0,
            }
        )
        self.authenticate("channel", "channel")
        # the tariff typed is for unknown points only
        self._submit(tariff="2.0TD")
        contract = self._requests()
        self.assertEqual(contract.supply_point_id, point)
        self.assertEqual(contract.access_tariff_id.name, "3.0TD")
        self.assertEqual(
            self.env["energy.supply.point"].search_count([("cups", "=", self.cups)]), 1
        )

    def test_a_suspended_channel_does_not_submit(self):
        self.levante.energy_channel_state = "suspended"
        self.authenticate("channel", "channel")
        response = self.url_open("/my/contracts/new")
        self.assertNotIn("o_energy_contract_new_form", response.text)
        self._submit()
        self.assertFalse(self._requests())

    def test_only_channels_submit(self):
        self.authenticate("customer", "customer")
        response = self._submit()
        self.assertFalse(self._requests())
        self.assertNotIn("o_energy_contract_new_form", response.text)
        self.authenticate("channel", "channel")
        response = self.url_open(
            "/my/contracts/new",
            data={"customer_name": "Sin token", "cups": self.cups},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._requests())


@tagged("post_install", "-at_install")
class TestCommissionPortalRequestPage(HttpCase):
    """On a request's page a channel sees who holds the ball, why it was
    rejected, its documents, and sends the missing ones; another channel's
    document is not found."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"]
        cls.levante = Users.search(
            [("login", "=", "channel")]
        ).partner_id.commercial_partner_id
        cls.alicante = Users.search(
            [("login", "=", "agent")]
        ).partner_id.commercial_partner_id
        Document = cls.env["energy.contract.document"]
        cls.missing = Document.search(
            [
                ("contract_id.channel_id", "=", cls.levante.id),
                ("contract_id.state", "=", "documentation"),
                ("state", "in", ("required", "rejected")),
            ],
            limit=1,
        )
        cls.rejected = cls.env["energy.contract"].search(
            [
                ("channel_id", "child_of", cls.levante.id),
                ("state", "=", "rejected"),
                ("state_reason", "!=", False),
            ],
            limit=1,
        )

    def _upload(self, document, content=b"%PDF-1.4 factura", name="factura.pdf"):
        return self.url_open(
            f"/my/contracts/{document.contract_id.id}/documents/{document.id}",
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"file": (name, content, "application/pdf")},
        )

    def test_channel_sends_a_missing_document(self):
        self.assertTrue(self.missing)
        self.authenticate("channel", "channel")
        page = self.url_open(f"/my/contracts/{self.missing.contract_id.id}")
        self.assertIn("o_energy_contract_documents", page.text)
        self.assertIn("o_energy_document_upload", page.text)
        self.assertIn(self.missing.document_type_id.name, page.text)
        response = self._upload(self.missing)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.missing.state, "received")
        self.assertEqual(self.missing.attachment_ids.mapped("name"), ["factura.pdf"])

    def test_wrong_file_changes_nothing(self):
        self.authenticate("channel", "channel")
        state = self.missing.state
        response = self._upload(self.missing, b"MZ...", "virus.exe")
        self.assertIn("o_energy_document_error", response.text)
        self.assertEqual(self.missing.state, state)
        self.assertFalse(self.missing.attachment_ids)

    def test_rejection_reason_is_shown(self):
        self.assertTrue(self.rejected)
        self.authenticate("channel", "channel")
        page = self.url_open(f"/my/contracts/{self.rejected.id}")
        self.assertIn("o_energy_contract_rejection", page.text)

    def test_another_channels_document_is_not_found(self):
        # the agent of the sub-channel does not reach its parent's requests
        self.authenticate("agent", "agent")
        self.assertEqual(self._upload(self.missing).status_code, 404)
        self.assertNotEqual(self.missing.state, "received")
        # nor through another request's URL
        own = self.env["energy.contract"].search(
            [("channel_id", "=", self.alicante.id)], limit=1
        )
        response = self.url_open(
            f"/my/contracts/{own.id}/documents/{self.missing.id}",
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"file": ("f.pdf", b"%PDF", "application/pdf")},
        )
        self.assertEqual(response.status_code, 404)
