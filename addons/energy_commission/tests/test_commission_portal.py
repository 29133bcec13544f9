# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCommissionPortal(HttpCase):
    """The demo logins on /my/commissions and /my/settlements: the channel
    sees its own and its sub-channel's, the agent its sub-channel's, another
    channel's settlement statement is not found."""

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
        Settlement = cls.env["energy.commission.settlement"]
        cls.foreign = Settlement.search(
            [("channel_id", "not in", (cls.levante | cls.alicante).ids)], limit=1
        )
        cls.own = Settlement.search([("channel_id", "=", cls.levante.id)], limit=1)

    def _page(self, login, url):
        self.authenticate(login, login)
        return self.url_open(url)

    def test_channel_lists_its_subtree(self):
        html = self._page("channel", "/my/commissions").text
        self.assertIn(self.levante.name, html)
        self.assertIn("o_energy_commission_row", html)
        page = self._page("channel", "/my/commissions?filterby=clawback")
        self.assertEqual(page.status_code, 200)

    def test_agent_lists_only_its_sub_channel(self):
        response = self._page("agent", "/my/commissions")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.alicante.name, response.text)
        self.assertNotIn(f"<span>{self.levante.name}</span>", response.text)

    def test_statement_of_another_channel_is_not_found(self):
        self.assertTrue(self.foreign)
        response = self._page("channel", f"/my/settlements/{self.foreign.id}")
        self.assertEqual(response.status_code, 404)
        response = self._page("agent", f"/my/settlements/{self.own.id}")
        self.assertEqual(response.status_code, 404)

    def test_channel_downloads_its_statement(self):
        self.assertTrue(self.own)
        listing = self._page("channel", "/my/settlements")
        self.assertIn(f"/my/settlements/{self.own.id}", listing.text)
        response = self._page("channel", f"/my/settlements/{self.own.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")


@tagged("post_install", "-at_install")
class TestCommissionPortalDispute(HttpCase):
    """A channel disputes its own line from the portal; the form's fields
    other than the reason are ignored; another channel's line is not found."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"]
        cls.channel_user = Users.search([("login", "=", "channel")])
        cls.agent_user = Users.search([("login", "=", "agent")])
        levante = cls.channel_user.partner_id.commercial_partner_id
        Line = cls.env["energy.commission.line"]
        cls.own = Line.search(
            [
                ("channel_id", "=", levante.id),
                ("line_type", "=", "commission"),
                ("state", "!=", "cancelled"),
                ("dispute_state", "=", False),
            ],
            limit=1,
        )
        subtree = cls.env["res.partner"].search([("id", "child_of", levante.id)])
        cls.foreign = Line.search(
            [
                ("channel_id", "not in", subtree.ids),
                ("line_type", "=", "commission"),
            ],
            limit=1,
        )

    def _post(self, line, data):
        return self.url_open(
            f"/my/commissions/{line.id}/dispute",
            data=dict(data, csrf_token=http.Request.csrf_token(self)),
        )

    def test_channel_disputes_its_line(self):
        self.authenticate("channel", "channel")
        page = self.url_open(f"/my/commissions/{self.own.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_energy_dispute_form", page.text)
        response = self._post(
            self.own,
            {
                "reason": "Falta el término de potencia",
                # tampered fields: not read by the route
                "state": "accepted",
                "answer": "aceptada",
                "line_id": self.foreign.id,
                "partner_id": self.agent_user.partner_id.id,
            },
        )
        self.assertEqual(response.status_code, 200)
        dispute = self.own.dispute_ids
        self.assertEqual(len(dispute), 1)
        self.assertEqual(dispute.state, "open")
        self.assertFalse(dispute.answer)
        self.assertEqual(dispute.partner_id, self.channel_user.partner_id)
        self.assertFalse(self.foreign.dispute_ids)
        self.assertIn("Falta el término de potencia", response.text)
        listing = self.url_open("/my/commissions?filterby=disputed")
        self.assertIn(f"/my/commissions/{self.own.id}", listing.text)

    def test_empty_reason_is_refused_and_changes_nothing(self):
        self.authenticate("channel", "channel")
        response = self._post(self.own, {"reason": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_energy_dispute_error", response.text)
        self.assertFalse(self.own.dispute_ids)

    def test_without_csrf_token_nothing_happens(self):
        self.authenticate("channel", "channel")
        response = self.url_open(
            f"/my/commissions/{self.own.id}/dispute", data={"reason": "sin token"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.own.dispute_ids)

    def test_another_channels_line_is_not_found(self):
        self.assertTrue(self.foreign)
        self.authenticate("channel", "channel")
        self.assertEqual(
            self.url_open(f"/my/commissions/{self.foreign.id}").status_code, 404
        )
        self.assertEqual(self._post(self.foreign, {"reason": "mía"}).status_code, 404)
        self.assertFalse(self.foreign.dispute_ids)
        # the agent of the sub-channel does not see its parent's lines either
        self.authenticate("agent", "agent")
        self.assertEqual(
            self.url_open(f"/my/commissions/{self.own.id}").status_code, 404
        )


@tagged("post_install", "-at_install")
class TestCommissionPortalScorecard(HttpCase):
    def test_scorecard_of_the_channel_and_its_sub_channel_only(self):
        Users = self.env["res.users"]
        levante = Users.search(
            [("login", "=", "channel")]
        ).partner_id.commercial_partner_id
        alicante = Users.search(
            [("login", "=", "agent")]
        ).partner_id.commercial_partner_id
        others = self.env["res.partner"].search(
            [
                ("is_energy_channel", "=", True),
                ("id", "not in", (levante | alicante).ids),
            ]
        )
        self.authenticate("channel", "channel")
        page = self.url_open("/my/scorecard")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_energy_scorecard_row", page.text)
        self.assertIn(levante.name, page.text)
        for other in others:
            self.assertNotIn(other.name, page.text)
        self.authenticate("agent", "agent")
        page = self.url_open("/my/scorecard")
        self.assertNotIn(f"<span>{levante.name}</span>", page.text)
