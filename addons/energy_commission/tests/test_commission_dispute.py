# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .commission_common import CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionDispute(CommissionCase):
    """A channel disputes a line; the back-office answers with a reason
    through the wizard; the dispute's chatter keeps every step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Vicente Soler Martí", "parent_id": cls.channel_b.id}
        )
        cls.portal_b = new_test_user(
            cls.env, "com_dispute_b", groups="base.group_portal", partner_id=contact.id
        )

    def setUp(self):
        super().setUp()
        self.contract = self._activate(self._contracts(self.channel_b))
        self.Line._cron_earn(date(2026, 3, 31))
        self.line = self._lines(self.contract)

    def _answer(self, dispute, answer, button):
        wizard = Form(
            self.env["energy.commission.dispute.answer.wizard"]
            .with_user(self.backoffice)
            .with_context(default_dispute_id=dispute.id)
        )
        wizard.answer = answer
        getattr(wizard.save(), button)()

    def test_dispute_answered_with_a_reason(self):
        dispute = self.line._open_dispute(
            "La potencia contratada es 6,9 kW, no 4,6", self.portal_b.partner_id
        )
        self.assertEqual(self.line.dispute_state, "open")
        self.assertEqual(dispute.channel_id, self.channel_b)
        # only one open dispute per line
        with self.assertRaises(UserError):
            self.line._open_dispute("Otra vez", self.portal_b.partner_id)
        self._answer(dispute, "El SIPS y el contrato dicen 4,6 kW.", "action_reject")
        self.assertEqual(dispute.state, "rejected")
        self.assertEqual(dispute.answered_by_id, self.backoffice)
        self.assertEqual(self.line.dispute_state, "rejected")
        bodies = dispute.message_ids.mapped("body")
        self.assertTrue(any("6,9 kW" in body for body in bodies))
        self.assertTrue(any("4,6 kW." in body for body in bodies))
        self.assertEqual(
            dispute.message_ids.filtered(lambda m: "6,9 kW" in m.body).author_id,
            self.portal_b.partner_id,
        )
        # rejected: the channel may dispute again, and that one is accepted
        second = self.line._open_dispute("Adjunto la factura", self.portal_b.partner_id)
        self._answer(second, "Corregido en la próxima liquidación.", "action_accept")
        self.assertEqual(self.line.dispute_state, "accepted")
        self.assertEqual(self.line.dispute_ids, dispute | second)

    def test_an_answer_needs_a_reason_and_the_back_office(self):
        dispute = self.line._open_dispute("Falta el override", self.portal_b.partner_id)
        with self.assertRaises(UserError):
            dispute.with_user(self.backoffice)._answer("accepted", "  ")
        with self.assertRaises(AccessError):
            dispute.with_user(self.portal_b)._answer("accepted", "yo mismo")
        plain_user = new_test_user(
            self.env, "com_dispute_user", groups="energy_base.group_energy_user"
        )
        with self.assertRaises(AccessError):
            dispute.with_user(plain_user)._answer("accepted", "sin permiso")
        # an RPC-style write, context keys included, cannot settle it either
        with self.assertRaises(UserError):
            dispute.with_user(self.backoffice).with_context(
                energy_guard_released=True, tracking_disable=True
            ).write({"state": "accepted", "answer": "forzado"})
        self.assertEqual(dispute.state, "open")
        self.assertFalse(dispute.answer)

    def test_what_cannot_be_disputed(self):
        with self.assertRaises(UserError):
            self.line._open_dispute("   ", self.portal_b.partner_id)
        self.assertFalse(self.line.dispute_ids)
        settlement = self.Settlement._settle(self.channel_b, date(2026, 3, 31))
        holdback = settlement.line_ids.filtered(
            lambda line: line.line_type == "holdback"
        )
        with self.assertRaises(UserError):
            holdback._open_dispute("No quiero retención", self.portal_b.partner_id)
        # the portal user writes no dispute by itself
        Dispute = self.env["energy.commission.dispute"].with_user(self.portal_b)
        with self.assertRaises(AccessError):
            Dispute.check_access("create")
        with self.assertRaises(UserError):
            Dispute.create({"line_id": self.line.id, "reason": "directo"})
        self.assertFalse(self.line.dispute_ids)
