# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .term_common import ContractTermCase

END = date(2031, 1, 15)  # 12 months after activation
NOTICE_DAY = "2030-12-16"  # 30 days before the end


@tagged("post_install", "-at_install")
class TestContractRenewal(ContractTermCase):
    """Renewal notice, renewal and end-of-term requests, and the term
    extended by an active renewal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.renewal_template = cls.env.ref(
            "energy_contract.mail_template_contract_renewal_notice"
        )
        # the contracts of the demo data end long before: their ends of term
        # are handled here once, so that each test sees its own contracts only
        cls._cron("2030-01-01")

    @classmethod
    def _cron(cls, day):
        with freeze_time(f"{day} 06:00:00"):
            return cls.Contract._cron_renew_contracts()

    def _mails(self, contracts):
        return self.env["mail.mail"].search(
            [("model", "=", "energy.contract"), ("res_id", "in", contracts.ids)]
        )

    def _changes(self, contract, request_type):
        return contract.change_request_ids.filtered(
            lambda r: r.request_type == request_type
        )

    # ------------------------------------------------------------------
    # Notice and renewal request
    # ------------------------------------------------------------------

    def test_notice_and_renewal_request_once_within_the_notice_period(self):
        contract = self._contracts(product_id=self.product.id)
        self.assertEqual(contract.date_end, END)
        self._cron("2030-12-15")
        self.assertFalse(self._mails(contract), "31 days before: not yet")
        self.assertFalse(contract.change_request_ids)

        self._cron(NOTICE_DAY)
        mail = self._mails(contract)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.consumer)
        self.assertIn(contract.name, mail.subject)
        self.assertIn(
            mail.mail_message_id,
            contract.message_ids,
            "the notice is kept in the contract's chatter",
        )
        event = self._events(contract, "reminder")
        self.assertEqual(len(event), 1)
        self.assertIn(self.consumer.name, event.reason)
        renewal = self._changes(contract, "renewal")
        self.assertEqual(len(renewal), 1)
        self.assertIn(renewal.name, event.reason)
        self.assertRecordValues(
            renewal,
            [
                {
                    "state": "draft",
                    "parent_contract_id": contract.id,
                    "partner_id": self.consumer.id,
                    "supply_point_id": contract.supply_point_id.id,
                    "product_id": self.product.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "duration_months": 12,
                    "date_activation_requested": END,
                    "atr_process": False,
                }
            ],
        )
        self.assertEqual(contract.date_renewal_notice, date(2030, 12, 16))
        self.assertTrue(contract.is_renewal_noticed)

        # run twice, and on the following days: nothing new
        self._cron(NOTICE_DAY)
        self._cron("2030-12-17")
        self._cron("2031-01-20")
        self.assertEqual(len(self._mails(contract)), 1)
        self.assertEqual(len(self._events(contract, "reminder")), 1)
        self.assertEqual(self._changes(contract, "renewal"), renewal)
        self.assertFalse(self._changes(contract, "termination"))

    def test_notice_period_is_a_company_setting(self):
        self.company.energy_contract_renewal_notice_days = 60
        contract = self._contracts()
        self._cron("2030-11-15")
        self.assertFalse(self._mails(contract))
        self._cron("2030-11-16")
        self.assertEqual(len(self._mails(contract)), 1)
        with self.assertRaises(ValidationError):
            self.company.energy_contract_renewal_notice_days = -1

    def test_notice_is_written_in_the_customer_language(self):
        self.renewal_template.with_context(lang="es_ES").subject = (
            "{{ object.company_id.name }}: su contrato {{ object.name }} se renueva "
            "el {{ format_date(object.date_end) }}"
        )
        spanish = self._contracts()
        english = self._contracts(partner=self.english_consumer)
        self._cron(NOTICE_DAY)
        spanish_mail = self._mails(spanish)
        english_mail = self._mails(english)
        self.assertIn("se renueva el 15/01/2031", spanish_mail.subject)
        self.assertIn("renews on 01/15/2031", english_mail.subject)
        self.assertIn("01/15/2031", str(english_mail.body_html))

    def test_customer_without_email_is_noticed_in_the_history_only(self):
        self.consumer.email = False
        contract = self._contracts()
        self._cron(NOTICE_DAY)
        self.assertFalse(self._mails(contract))
        self.assertIn("no e-mail address", self._events(contract, "reminder").reason)
        self.assertEqual(len(self._changes(contract, "renewal")), 1)

    def test_contract_being_terminated_is_not_noticed(self):
        contract = self._contracts()
        self.Contract.with_user(self.backoffice).create(
            {
                "partner_id": self.consumer.id,
                "supply_point_id": contract.supply_point_id.id,
                "parent_contract_id": contract.id,
                "request_type": "termination",
            }
        )
        self._cron(NOTICE_DAY)
        self.assertFalse(self._mails(contract))
        self.assertFalse(self._changes(contract, "renewal"))
        self.assertFalse(contract.is_renewal_noticed)

    def test_notice_fields_are_written_by_the_job_only(self):
        contract = self._contracts()
        with self.assertRaises(UserError):
            contract.with_user(self.backoffice).with_context(
                energy_contract_transition=True
            ).write({"renewal_notice_end_date": END})

    # ------------------------------------------------------------------
    # Renewal activated: the term is extended
    # ------------------------------------------------------------------

    def test_active_renewal_extends_the_term_and_the_next_one_is_noticed(self):
        contract = self._contracts()
        self._cron(NOTICE_DAY)
        renewal = self._changes(contract, "renewal")
        self._activate(renewal, END)
        self.assertEqual(renewal.state, "active")
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_end, date(2032, 1, 15))
        note = self._events(contract, "note").filtered(
            lambda e: e.field_name == "date_end"
        )
        self.assertEqual(len(note), 1)
        self.assertEqual((note.old_value, note.new_value), ("2031-01-15", "2032-01-15"))
        self.assertIn(renewal.name, note.reason)
        self.assertFalse(contract.is_renewal_noticed)
        # the renewal request is no contract of its own: only the contract's
        # next term is noticed, once
        self._cron("2031-12-16")
        self._cron("2031-12-17")
        self.assertEqual(len(self._events(contract, "reminder")), 2)
        self.assertEqual(len(self._changes(contract, "renewal")), 2)
        self.assertFalse(renewal.change_request_ids)

    # ------------------------------------------------------------------
    # No automatic renewal: end-of-term notice, then termination
    # ------------------------------------------------------------------

    def test_without_auto_renew_the_end_is_noticed_then_terminated_once(self):
        contract = self._contracts(auto_renew=False)
        self._cron(NOTICE_DAY)
        mail = self._mails(contract)
        self.assertEqual(len(mail), 1)
        self.assertIn("ends on", mail.subject)
        self.assertFalse(contract.change_request_ids)

        self._cron("2031-01-14")
        self.assertFalse(contract.change_request_ids)
        self._cron("2031-01-15")
        termination = self._changes(contract, "termination")
        self.assertRecordValues(
            termination,
            [
                {
                    "state": "draft",
                    "termination_reason": "end_of_term",
                    "parent_contract_id": contract.id,
                    "partner_id": self.consumer.id,
                    "supply_point_id": contract.supply_point_id.id,
                    "date_activation_requested": END,
                }
            ],
        )
        self.assertIn(termination.name, self._events(contract, "note")[-1].reason)
        self._cron("2031-01-15")
        self._cron("2031-01-16")
        self.assertEqual(self._changes(contract, "termination"), termination)
        # cancelled by the back-office: not opened again for the same end date
        termination.with_user(self.backoffice).action_cancel("Customer stays")
        self._cron("2031-01-17")
        self.assertEqual(self._changes(contract, "termination"), termination)

    # ------------------------------------------------------------------
    # Renew button
    # ------------------------------------------------------------------

    def test_renew_button_opens_the_renewal_request_once(self):
        contract = self._contracts()
        action = contract.with_user(self.backoffice).action_renew()
        renewal = self.Contract.browse(action["res_id"])
        self.assertEqual(action["res_model"], "energy.contract")
        self.assertEqual(
            (renewal.request_type, renewal.parent_contract_id, renewal.state),
            ("renewal", contract, "draft"),
        )
        self.assertIn(renewal.name, self._events(contract, "note").reason)
        again = contract.with_user(self.backoffice).action_renew()
        self.assertEqual(again["res_id"], renewal.id)
        # the job still gives notice, without a second request
        self._cron(NOTICE_DAY)
        self.assertEqual(len(self._mails(contract)), 1)
        self.assertEqual(self._changes(contract, "renewal"), renewal)

    def test_only_an_active_contract_can_be_renewed(self):
        request = self._requests(self._take_points(1))
        with self.assertRaises(UserError):
            request.action_renew()
        contract = self._contracts()
        renewal = self.Contract.browse(contract.action_renew()["res_id"])
        with self.assertRaises(UserError):
            renewal.action_renew()

    # ------------------------------------------------------------------
    # Batch
    # ------------------------------------------------------------------

    def test_job_handles_a_batch_in_a_fixed_number_of_queries(self):
        """50 contracts noticed, 40 renewal requests opened, 10 termination
        requests at the end date: the job's own work is grouped (one search,
        one mail batch per template, one history insert, one write per end
        date); what grows with the batch is the creation of each request
        (its reference from the sequence, its responsible as follower)."""
        # warm the caches with a contract ending the day before
        self._contracts(on=date(2030, 1, 14))
        self._contracts(on=date(2030, 1, 14), auto_renew=False)
        self._cron("2030-12-15")
        renewing = self._contracts(40)
        ending = self._contracts(10, auto_renew=False)
        contracts = renewing | ending
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(f"{NOTICE_DAY} 06:00:00"), self.assertQueryCount(265):
            noticed, ended = self.Contract._cron_renew_contracts()
            self.env.flush_all()
        self.assertEqual(noticed, contracts)
        self.assertFalse(ended)
        self.assertEqual(len(self._mails(contracts)), 50)
        self.assertEqual(
            self.Contract.search(
                [("parent_contract_id", "in", contracts.ids)]
            ).parent_contract_id,
            renewing,
        )
        self.assertEqual(
            contracts.event_ids.filtered(
                lambda e: e.event_type == "reminder"
            ).contract_id,
            contracts,
        )

        self._cron("2031-01-14")  # the warm-up contract ends
        self.env.invalidate_all()
        with freeze_time(f"{END} 06:00:00"), self.assertQueryCount(81):
            noticed, ended = self.Contract._cron_renew_contracts()
            self.env.flush_all()
        self.assertFalse(noticed)
        self.assertEqual(ended, ending)
        self.assertEqual(
            self.Contract.search(
                [
                    ("parent_contract_id", "in", contracts.ids),
                    ("request_type", "=", "termination"),
                ]
            ).parent_contract_id,
            ending,
        )
