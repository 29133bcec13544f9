# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.energy_contract.tests.contract_common import disable_exit_checks


@tagged("post_install", "-at_install")
class TestContractLifecycle(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Documents and scoring have their own tests; here the lifecycle alone.
        disable_exit_checks(cls.env)
        cls.Contract = cls.env["energy.contract"]
        cls.backoffice = new_test_user(
            cls.env, "lc_backoffice", groups="energy_base.group_energy_backoffice"
        )
        cls.validator = new_test_user(
            cls.env,
            "lc_validator",
            groups="energy_base.group_energy_backoffice,energy_base.group_energy_validation",
        )
        cls.reader = new_test_user(
            cls.env, "lc_reader", groups="energy_base.group_energy_user"
        )
        cls.owner = new_test_user(
            cls.env, "lc_owner", groups="energy_base.group_energy_backoffice"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Carmen Ruiz Blanco",
                "vat": "ES12345678Z",
                "email": "carmen@example.es",
            }
        )
        cls.channel = cls.env["res.partner"].create(
            {
                "name": "Agencia Levante Energía, S.L.",
                "is_company": True,
                "is_energy_channel": True,
            }
        )
        tariff = cls.env.ref("energy_base.access_tariff_20td")
        cls.points = cls.env["energy.supply.point"].create(
            [
                {
                    "cups": f"ES0021{n:012d}" + cls._check(f"ES0021{n:012d}"),
                    "access_tariff_id": tariff.id,
                    "power_p1_kw": 4.6,
                    "power_p2_kw": 4.6,
                    "holder_id": cls.customer.id,
                }
                for n in range(1, 4)
            ]
        )

    @staticmethod
    def _check(base):
        from stdnum.es import cups

        return cups.calc_check_digits(base)

    def _request(self, point=None, **vals):
        return self.Contract.with_user(self.backoffice).create(
            {
                "partner_id": self.customer.id,
                "supply_point_id": (point or self.points[0]).id,
                "request_type": "switch",
                "power_p1_kw": 4.6,
                "power_p2_kw": 4.6,
                **vals,
            }
        )

    def _sign(self, contract):
        """The customer signed on paper; recorded as Record Signature does."""
        contract._record_signature(
            {
                "signed_by": contract.partner_id.name,
                "date_signed": datetime(2026, 11, 20, 10, 0),
                "signature_method": "recorded",
            },
            document=b"signed on paper",
            filename="signed.txt",
        )

    def _events(self, contract):
        return contract.event_ids.sorted("sequence")

    # ------------------------------------------------------------------
    # Transitions and guards
    # ------------------------------------------------------------------

    def test_happy_path_through_the_buttons(self):
        contract = self._request()
        self.assertTrue(contract.name.startswith("SOL/"))
        contract.action_request_documents()
        contract.action_to_validation()
        contract.with_user(self.validator).action_to_signature()
        self._sign(contract)
        contract.action_submit()
        self.assertEqual(contract.blocking_party, "distributor")
        contract.action_accept()
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.supply_point_id.status, "customer")
        self.assertEqual(contract.date_end, contract.date_activated.replace(year=2027))
        states = [
            e.new_value
            for e in self._events(contract)
            if e.event_type == "state_change"
        ]
        self.assertEqual(
            states,
            [
                "draft",
                "documentation",
                "validation",
                "signature",
                "submitted",
                "accepted",
                "active",
            ],
        )

    def test_switch_to_a_competitor_loses_the_supply_point(self):
        first, second = self._request(self.points[0]), self._request(self.points[1])
        both = first | second
        with both._exit_checks_waived():
            both.action_to_validation()
        both.with_user(self.validator).action_to_signature()
        for contract in both:
            self._sign(contract)
        both.action_submit()
        both.action_accept()
        both.action_activate()
        first.action_terminate(
            "Cambio a otra comercializadora", "switched_to_competitor"
        )
        second.action_terminate("Cierre del local", "supply_removed")
        self.assertEqual(first.supply_point_id.status, "lost")
        self.assertEqual(second.supply_point_id.status, "customer")

    def test_undeclared_move_is_refused_naming_the_request(self):
        contract = self._request()
        with self.assertRaisesRegex(
            UserError, f"{contract.name} cannot go from Draft to Active"
        ):
            contract.action_activate()
        self.assertEqual(contract.state, "draft")

    def test_submit_without_signature_is_refused(self):
        contract = self._request()
        contract.action_to_validation()
        contract.with_user(self.validator).action_to_signature()
        with self.assertRaisesRegex(UserError, "the customer has not signed"):
            contract.action_submit()
        self.assertEqual(contract.state, "signature")

    def test_mixed_batch_is_refused_as_a_whole(self):
        ready = self._request(self.points[0]) | self._request(self.points[1])
        late = self._request(self.points[2])
        late.action_request_documents()
        batch = ready | late
        with self.assertRaisesRegex(UserError, late.name):
            batch.action_request_documents()
        self.assertEqual(set(ready.mapped("state")), {"draft"})
        self.assertEqual(late.state, "documentation")
        ready.action_request_documents()
        self.assertEqual(set(ready.mapped("state")), {"documentation"})

    def test_state_is_never_written_directly(self):
        contract = self._request()
        with self.assertRaisesRegex(UserError, "can only be changed by the actions"):
            contract.write({"state": "active"})

    def test_reader_cannot_move_a_request(self):
        contract = self._request()
        with self.assertRaises(AccessError):
            contract.with_user(self.reader).action_request_documents()

    def test_reject_cancel_and_reopen_keep_their_reasons(self):
        contract = self._request()
        contract.action_to_validation()
        wizard = Form(
            self.env["energy.contract.reason.wizard"]
            .with_user(self.validator)
            .with_context(active_ids=contract.ids, default_action="reject")
        )
        wizard.reason = "NIF del titular no coincide con el SIPS"
        wizard.reject_reason_code = "V01"
        wizard.save().action_confirm()
        self.assertEqual(contract.state, "rejected")
        self.assertEqual(contract.reject_reason_code, "V01")
        last = self._events(contract)[-1]
        self.assertEqual(
            (last.new_value, last.reason), ("rejected", contract.state_reason)
        )
        contract.action_reset_to_draft()
        contract.action_cancel("El cliente desiste")
        self.assertEqual(contract.state, "cancelled")
        with self.assertRaises(UserError):
            contract.action_reset_to_draft()

    def test_change_request_needs_the_contract_it_changes(self):
        with self.assertRaisesRegex(
            ValidationError, "must name the contract it changes"
        ):
            self._request(request_type="modification")

    def test_bad_iban_and_nif_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a valid IBAN"):
            self._request(bank_iban="ES91 2100 0418 4502 0005 1333")
        contract = self._request(bank_iban="ES91 2100 0418 4502 0005 1332")
        self.assertTrue(contract.bank_iban)
        # a customer whose NIF was stored unchecked (with base_vat installed,
        # e.g. by l10n_es, the contact form itself would refuse it)
        bad = (
            self.env["res.partner"]
            .with_context(no_vat_validation=True)
            .create({"name": "Sin NIF válido", "vat": "ES12345678A"})
        )
        with self.assertRaisesRegex(ValidationError, "not a valid NIF"):
            self._request(partner_id=bad.id)

    def test_requests_are_never_deleted(self):
        contract = self._request()
        manager = new_test_user(
            self.env, "lc_manager", groups="energy_base.group_energy_manager"
        )
        with self.assertRaises(AccessError):
            contract.with_user(manager).unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            contract.sudo().unlink()

    # ------------------------------------------------------------------
    # Governance: owner, deadline, blocking party, clock
    # ------------------------------------------------------------------

    def test_phase_owner_gets_an_activity_closed_on_exit(self):
        phase = self.env.ref("energy_contract.phase_documentation")
        phase.owner_user_id = self.owner
        activity_type = self.env.ref("energy_contract.mail_activity_type_phase")
        contract = self._request()
        contract.action_request_documents()
        activity = contract.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(activity.user_id, self.owner)
        contract.action_to_validation()
        self.assertFalse(
            contract.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
        )

    def test_my_phase_filter_finds_the_requests_of_my_phases(self):
        documentation = self.env.ref("energy_contract.phase_documentation")
        documentation.write({"owner_user_id": self.owner.id, "owner_group_id": False})
        team = self.env.ref("energy_base.group_energy_validation")
        self.env.ref("energy_contract.phase_validation").owner_group_id = team
        mine = self._request(self.points[0])
        theirs = self._request(self.points[1])
        mine.action_request_documents()
        theirs.action_to_validation()
        as_owner = self.Contract.with_user(self.owner)
        self.assertEqual(
            as_owner.search(
                [("is_my_phase", "=", True), ("id", "in", (mine | theirs).ids)]
            ),
            mine,
        )
        self.assertEqual(mine.phase_owner_user_id, self.owner)
        as_validator = self.Contract.with_user(self.validator)
        found = as_validator.search(
            [("is_my_phase", "=", True), ("id", "in", (mine | theirs).ids)]
        )
        self.assertEqual(found, theirs)
        self.assertTrue(theirs.with_user(self.validator).is_my_phase)

    def test_deadline_counts_working_days_and_public_holidays(self):
        phase = self.env.ref("energy_contract.phase_documentation")
        calendar = self.env.company.resource_calendar_id
        calendar.tz = "Europe/Madrid"
        phase.write(
            {"duration": 5, "duration_unit": "working_days", "calendar_id": calendar.id}
        )
        with freeze_time("2026-11-20 09:00:00"):  # Friday
            contract = self._request()
            contract.action_request_documents()
        # Fri 20 + 4 more working days = Thursday 26, end of the working day
        self.assertEqual(contract.phase_deadline.date(), datetime(2026, 11, 26).date())
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Festivo local",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 11, 30, 0, 0),
                "date_to": datetime(2026, 12, 1, 23, 0),
            }
        )
        with freeze_time("2026-11-27 09:00:00"):  # Friday; Mon 30 and Tue 1 are off
            other = self._request(self.points[1])
            other.action_request_documents()
        # Fri 27, Wed 2, Thu 3, Fri 4, Mon 7
        self.assertEqual(other.phase_deadline.date(), datetime(2026, 12, 7).date())

    def test_ball_goes_to_the_channel_when_there_is_one(self):
        direct = self._request(self.points[0])
        sold = self._request(self.points[1], channel_id=self.channel.id)
        (direct | sold).action_request_documents()
        self.assertEqual(direct.blocking_party, "customer")
        self.assertEqual(sold.blocking_party, "channel")

    def test_time_is_accumulated_per_phase_and_party_across_visits(self):
        with freeze_time("2026-11-23 08:00:00"):
            contract = self._request()
            contract.action_request_documents()
        with freeze_time("2026-11-23 10:00:00"):
            contract.action_set_blocking_party("us", "Documentos recibidos, revisando")
        with freeze_time("2026-11-23 11:00:00"):
            contract.action_to_validation()
        with freeze_time("2026-11-23 12:00:00"):
            contract.action_back_to_documentation()
        with freeze_time("2026-11-23 15:00:00"):
            contract.action_to_validation()
        rows = {(r.state, r.blocking_party): r for r in contract.phase_time_ids}
        self.assertAlmostEqual(rows[("documentation", "customer")].hours, 2 + 3)
        self.assertEqual(rows[("documentation", "customer")].visits, 2)
        self.assertAlmostEqual(rows[("documentation", "us")].hours, 1)
        self.assertAlmostEqual(rows[("validation", "us")].hours, 1)

    def test_overdue_filter_and_owner_reminder(self):
        with freeze_time("2026-11-02 09:00:00"):
            contract = self._request()
            contract.action_request_documents()
        with freeze_time("2026-11-23 09:00:00"):
            self.assertTrue(contract.is_overdue)
            self.assertEqual(contract.sla_status, "overdue")
            found = self.Contract.search(
                [("is_overdue", "=", True), ("id", "=", contract.id)]
            )
            self.assertEqual(found, contract)
            self.assertGreaterEqual(self.Contract._cron_flag_overdue(), 1)
            self.Contract._cron_flag_overdue()
        overdue_type = self.env.ref("energy_contract.mail_activity_type_overdue")
        self.assertEqual(
            len(
                contract.activity_ids.filtered(
                    lambda a: a.activity_type_id == overdue_type
                )
            ),
            1,
        )

    def test_overdue_reminder_speaks_the_owners_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.backoffice.lang = "es_ES"  # the responsible; the cron runs in English
        with freeze_time("2026-11-02 09:00:00"):
            contract = self._request()
            contract.action_request_documents()
        self.assertEqual(contract.user_id, self.backoffice)
        with freeze_time("2026-11-23 09:00:00"):
            self.Contract._cron_flag_overdue()
        reminder = contract.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("energy_contract.mail_activity_type_overdue")
        )
        self.assertEqual(reminder.summary, "Plazo de la fase vencido")

    # ------------------------------------------------------------------
    # History
    # ------------------------------------------------------------------

    def test_key_field_edits_are_logged_with_old_and_new_values(self):
        contract = self._request()
        contract.with_user(self.backoffice).power_p1_kw = 5.75
        event = self._events(contract)[-1]
        self.assertEqual(
            (event.event_type, event.field_name, event.old_value, event.new_value),
            ("field_change", "power_p1_kw", "4.6", "5.75"),
        )
        self.assertEqual(event.user_id, self.backoffice)

    def test_history_cannot_be_changed_or_deleted_even_by_sudo(self):
        contract = self._request()
        event = self._events(contract)[0].sudo()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            event.write({"reason": "retocado"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            event.unlink()
        with self.assertRaises(AccessError):
            self.env["energy.contract.event"].with_user(self.backoffice).check_access(
                "create"
            )

    def test_hash_chain_detects_a_row_altered_behind_the_orm(self):
        contract = self._request()
        contract.action_request_documents()
        contract.action_to_validation()
        events = self._events(contract)
        self.assertFalse(events._verify_chain())
        self.assertEqual(events[1].previous_hash, events[0].hash)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE energy_contract_event SET reason = 'alterado' WHERE id = %s",
                events[1].id,
            )
        )
        events.invalidate_recordset()
        self.assertEqual(events._verify_chain(), events[1])

    def test_batch_transition_of_100_requests_is_a_fixed_number_of_queries(self):
        points = self.env["energy.supply.point"].create(
            [
                {"cups": f"ES0022{n:012d}" + self._check(f"ES0022{n:012d}")}
                for n in range(100)
            ]
        )
        contracts = self.Contract.create(
            [
                {
                    "partner_id": self.customer.id,
                    "supply_point_id": p.id,
                    "request_type": "switch",
                }
                for p in points
            ]
        )
        self.env.flush_all()
        with self.assertQueryCount(40):
            contracts.action_request_documents()
            self.env.flush_all()
        self.assertEqual(set(contracts.mapped("state")), {"documentation"})
        self.assertEqual(len(contracts.event_ids), 200)
