# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.exceptions import ValidationError

from .common import SalesCase


class TestCallOutcome(SalesCase):
    def test_call_back_schedules_a_call_activity(self):
        lead = self._lead()
        when = datetime.now().replace(microsecond=0) + timedelta(days=3)
        self._log_call(lead, outcome="call_back", date_call_back=when)
        activity = lead.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(activity.user_id, self.agent)
        self.assertIn("Call back at", activity.summary)

    def test_call_back_needs_a_date(self):
        lead = self._lead()
        with self.assertRaisesRegex(ValidationError, "when to call back"):
            self.env["crm.phonecall"].create(
                {"name": "C", "opportunity_id": lead.id, "outcome": "call_back"}
            )

    def test_not_interested_marks_the_lead_lost_with_its_reason(self):
        lead = self._lead()
        self._log_call(lead, outcome="not_interested", lost_reason_id=self.lost_reason)
        self.assertFalse(lead.active)
        self.assertEqual(lead.lost_reason_id, self.lost_reason)

    def test_interested_turns_a_lead_into_an_opportunity(self):
        lead = self._lead()
        lead.type = "lead"
        self._log_call(lead, outcome="interested")
        self.assertEqual(lead.type, "opportunity")

    def test_wrong_number_is_noted_on_the_lead(self):
        lead = self._lead(phone="+34 622 000 111")
        self._log_call(lead, outcome="wrong_number")
        self.assertIn("Wrong number", lead.message_ids[0].body)
