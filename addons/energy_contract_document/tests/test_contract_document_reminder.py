# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time, tagged

from . import document_common

ENTRY = "2026-11-02 09:00:00"


@tagged("post_install", "-at_install")
class TestDocumentReminder(document_common.DocumentCase):
    """Reminders of missing documents after N and M days in documentation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.comment = cls.env.ref("mail.mt_comment")
        cls.template = cls.env.ref(
            "energy_contract_document.mail_template_document_reminder"
        )

    def _waiting(self, point=None, **vals):
        with freeze_time(ENTRY):
            return self._in_documentation(point, **vals)

    def _cron(self, day):
        with freeze_time(f"{day} 06:00:00"):
            return self.Contract._cron_send_document_reminders()

    def _reminders(self, contract):
        return contract.message_ids.filtered(
            lambda m: m.subtype_id == self.comment
            and m.subject
            and contract.name in m.subject
        )

    def test_first_reminder_after_n_days_goes_to_the_customer(self):
        contract = self._waiting()
        self._cron("2026-11-04")
        self.assertFalse(self._events(contract, "reminder"))
        self._cron("2026-11-05")
        event = self._events(contract, "reminder")
        self.assertEqual(len(event), 1)
        self.assertIn(self.doc_holder_id.name, event.reason)
        message = self._reminders(contract)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.customer)
        self.assertIn(self.doc_invoice.name, message.body)
        self.assertEqual(set(contract.document_ids.mapped("reminder_count")), {1})
        self.assertEqual(str(contract.document_ids[0].date_last_reminder), "2026-11-05")

    def test_reminder_is_not_sent_twice_the_same_day(self):
        contract = self._waiting()
        self._cron("2026-11-05")
        self._cron("2026-11-05")
        self.assertEqual(len(self._events(contract, "reminder")), 1)
        self.assertEqual(len(self._reminders(contract)), 1)

    def test_second_reminder_after_m_days_and_no_third(self):
        contract = self._waiting()
        self._cron("2026-11-05")
        self._cron("2026-11-08")
        self.assertEqual(len(self._events(contract, "reminder")), 1)
        self._cron("2026-11-09")
        self._cron("2026-11-20")
        events = self._events(contract, "reminder")
        self.assertEqual(events.mapped("new_value"), ["1", "2"])
        self.assertEqual(set(contract.document_ids.mapped("reminder_count")), {2})

    def test_reminder_goes_to_the_channel_when_it_sold_the_request(self):
        contract = self._waiting(channel_id=self.channel.id)
        self._cron("2026-11-05")
        message = self._reminders(contract)
        self.assertEqual(message.partner_ids, self.channel)
        self.assertIn(self.channel.name, self._events(contract, "reminder").reason)

    def test_no_reminder_once_every_document_was_received(self):
        contract = self._waiting()
        contract.document_ids.with_user(self.backoffice).action_receive(
            self._file(contract)
        )
        self._cron("2026-11-05")
        self.assertFalse(self._events(contract, "reminder"))

    def test_rejected_document_is_reminded_only(self):
        contract = self._waiting()
        self._validate_all(contract)
        self._line(contract, self.doc_invoice).with_user(self.validator).action_reject(
            "expired"
        )
        self._cron("2026-11-05")
        event = self._events(contract, "reminder")
        self.assertIn(self.doc_invoice.name, event.reason)
        self.assertNotIn(self.doc_holder_id.name, event.reason)
        self.assertEqual(self._line(contract, self.doc_invoice).reminder_count, 1)
        self.assertEqual(self._line(contract, self.doc_holder_id).reminder_count, 0)

    def test_delays_are_read_from_the_documentation_phase(self):
        self.documentation.write(
            {"document_reminder_first_days": 1, "document_reminder_second_days": 2}
        )
        contract = self._waiting()
        self._cron("2026-11-03")
        self._cron("2026-11-04")
        self.assertEqual(len(self._events(contract, "reminder")), 2)

    def test_batch_of_requests_is_reminded_in_one_run(self):
        contracts = self._waiting(self.points[0]) | self._waiting(
            self.points[1], channel_id=self.channel.id
        )
        self.assertEqual(self._cron("2026-11-05"), 2)
        self.assertEqual(
            contracts.event_ids.filtered(
                lambda e: e.event_type == "reminder"
            ).contract_id,
            contracts,
        )
