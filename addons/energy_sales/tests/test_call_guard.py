# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .common import SalesCase

BYPASS_KEYS = {
    "skip_consent_check": True,
    "energy_guard_bypass": True,
    "energy_sales_no_consent_check": True,
    "install_mode": True,
    "import_file": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "active_test": False,
}


class TestCallGuard(SalesCase):
    """RD 88/2026: no outbound commercial call without a recorded request or
    consent."""

    def _calls(self, lead):
        return self.env["crm.phonecall"].search([("opportunity_id", "=", lead.id)])

    def test_outbound_call_without_consent_is_refused(self):
        lead = self._lead(consent=False)
        self.assertFalse(lead.can_call)
        with self.assertRaises(ValidationError) as caught:
            self._log_call(lead, outcome="no_answer")
        self.assertIn("RD 88/2026", str(caught.exception))
        self.assertFalse(self._calls(lead))

    def test_outbound_call_with_request_is_logged(self):
        lead = self._lead()
        self.assertTrue(lead.can_call)
        self._log_call(lead, outcome="no_answer")
        call = self._calls(lead)
        self.assertEqual(call.direction, "out")
        self.assertEqual(call.outcome, "no_answer")

    def test_inbound_call_needs_no_consent(self):
        lead = self._lead(consent=False)
        self._log_call(lead, direction="in", outcome="interested")
        self.assertEqual(self._calls(lead).direction, "in")

    def test_no_context_key_nor_sudo_bypasses_the_guard(self):
        lead = self._lead(consent=False)
        with self.assertRaises(ValidationError):
            self._log_call(lead, context=BYPASS_KEYS, outcome="no_answer")
        Call = self.env["crm.phonecall"]
        for env_call in (Call.with_context(**BYPASS_KEYS), Call.sudo()):
            with self.assertRaises(ValidationError):
                env_call.create(
                    {"name": "Call", "opportunity_id": lead.id, "direction": "out"}
                )
        self.assertFalse(self._calls(lead))

    def test_call_without_lead_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "from a lead"):
            self.env["crm.phonecall"].with_user(self.agent).create(
                {"name": "Cold call", "direction": "out"}
            )

    def test_turning_an_inbound_call_outbound_is_refused(self):
        lead = self._lead(consent=False)
        self._log_call(lead, direction="in", outcome="no_answer")
        call = self._calls(lead)
        with self.assertRaises(ValidationError):
            call.with_context(**BYPASS_KEYS).write({"direction": "out"})
        self.assertEqual(call.direction, "in")

    def test_call_dated_before_the_consent_is_refused(self):
        lead = self._lead()
        with self.assertRaisesRegex(ValidationError, "before the consent"):
            self.env["crm.phonecall"].create(
                {
                    "name": "Call",
                    "opportunity_id": lead.id,
                    "direction": "out",
                    "date": self.consent_date - timedelta(days=1),
                }
            )

    def test_consent_needs_its_evidence(self):
        values = {
            "name": "Lead",
            "consent_basis": "consent",
            "consent_date": self.consent_date,
            "consent_origin": "phone",
        }
        with self.assertRaisesRegex(ValidationError, "recording"):
            self.Lead.create(values)
        with self.assertRaisesRegex(ValidationError, "date and origin"):
            self.Lead.create(dict(values, consent_origin=False))
        with self.assertRaisesRegex(ValidationError, "future"):
            self.Lead.create(
                dict(
                    values,
                    consent_reference="REC-1",
                    consent_date=fields.Datetime.now() + timedelta(days=3),
                )
            )

    def test_withdrawn_consent_blocks_the_next_call(self):
        lead = self._lead()
        self._log_call(lead, outcome="no_answer")
        lead.write({"consent_basis": False})
        with self.assertRaises(ValidationError):
            self._log_call(lead, outcome="no_answer")
        self.assertEqual(len(self._calls(lead)), 1)
