# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from freezegun import freeze_time

from odoo import fields

from odoo.addons.energy_atr.models.energy_atr_deadline import add_working_days

from .claim_common import ClaimCase


class TestClaimClock(ClaimCase):
    def test_deadline_skips_weekends_and_holidays(self):
        """Received on Friday 4 December 2026: 15 working days skip the 8th
        (Inmaculada) and the 25th (Navidad): Tuesday 29 December."""
        claim = self._claim_form(
            "103", date_received=datetime.datetime(2026, 12, 4, 10, 0)
        )
        self.assertEqual(claim.answer_days, 15)
        self.assertEqual(claim.date_deadline, datetime.date(2026, 12, 29))

    def test_subtype_deadline_is_configurable(self):
        self._subtype("110").answer_days = 5
        claim = self._claim_form(
            "110", date_received=datetime.datetime(2026, 12, 4, 10, 0)
        )
        # 7, 9, 10, 11, 14 December (the 8th is a holiday)
        self.assertEqual(claim.date_deadline, datetime.date(2026, 12, 14))

    def test_waiting_on_customer_pauses_the_deadline(self):
        """A week waiting for the customer moves the deadline by the working
        days of that week; the time with us and with the customer is
        recorded per party."""
        with freeze_time("2026-11-02 09:00:00"):
            claim = self._claim_form("103")
            claim.with_user(self.agent).action_claim_start()
            deadline = claim.date_deadline
            claim.with_user(self.agent).action_claim_wait_customer()
            self.assertEqual(claim.held_by, "customer")
            self.assertFalse(claim.is_overdue)
        with freeze_time("2026-11-09 09:00:00"):
            claim.with_user(self.agent).action_claim_resume()
        self.assertEqual(claim.customer_wait_days, 5)
        self.assertEqual(claim.date_deadline, add_working_days(deadline, 5))
        parties = claim.hold_ids.mapped("party")
        self.assertEqual(parties, ["us", "us", "customer", "us"])
        waited = claim.hold_ids.filtered(lambda h: h.party == "customer")
        self.assertEqual(waited.working_days, 5)

    def test_overdue_filter_and_escalation_cron(self):
        """An overdue claim shows in the overdue filter; the cron gives it to
        the team's leader with an activity, once."""
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Reclamaciones", "user_id": self.supervisor.id}
        )
        old = fields.Datetime.now() - datetime.timedelta(days=40)
        late = self._claim_form("103", date_received=old)
        late.team_id = team
        fresh = self._claim_form("103")
        overdue = self.Ticket.with_user(self.agent).search(
            [("is_overdue", "=", True), ("id", "in", (late | fresh).ids)]
        )
        self.assertEqual(overdue, late)
        self.Ticket._cron_escalate_overdue()
        self.assertTrue(late.escalated)
        self.assertEqual(late.activity_ids.user_id, self.supervisor)
        self.assertFalse(fresh.escalated)
        self.Ticket._cron_escalate_overdue()
        self.assertEqual(len(late.activity_ids), 1)
        self.assertIn("escalation", late.event_ids.mapped("event_type"))

    def test_waiting_customer_is_never_overdue(self):
        old = fields.Datetime.now() - datetime.timedelta(days=40)
        claim = self._claim_form("103", date_received=old)
        claim.with_user(self.agent).action_claim_wait_customer()
        self.assertFalse(
            self.Ticket.search([("is_overdue", "=", True), ("id", "=", claim.id)])
        )

    def test_overdue_list_query_count(self):
        """The grouped list with the overdue filter costs the same queries
        whatever the number of claims."""
        old = fields.Datetime.now() - datetime.timedelta(days=40)
        for __ in range(3):
            self._claim_form("103", date_received=old)
        Ticket = self.Ticket.with_user(self.agent)
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            Ticket.web_read_group([("is_overdue", "=", True)], ["state"], ["state"])
