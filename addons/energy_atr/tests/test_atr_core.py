# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

import psycopg2
from freezegun import freeze_time
from gestionatr.defs import TABLA_27

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .atr_common import AtrCase

D = datetime.date


@tagged("post_install", "-at_install")
class TestAtrCaseCode(AtrCase):
    def test_sequence_gives_unique_twelve_character_codes(self):
        cases = self._new_cases(count=3)
        year = str(fields.Date.today().year)
        self.assertEqual(len(set(cases.mapped("name"))), 3)
        for case in cases:
            self.assertEqual(len(case.name), 12)
            self.assertTrue(case.name.startswith(year))
            self.assertTrue(case.name.isdigit())

    def test_request_code_unique_per_company(self):
        case = self._new_cases()
        other_company = self.env["res.company"].create({"name": "Otra Energía, S.L."})
        twin = self.Case.create(
            {"name": case.name, "process": "C1", "company_id": other_company.id}
        )
        self.assertEqual(twin.name, case.name)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            self.Case.create({"name": case.name, "process": "C1"})

    def test_request_code_must_have_twelve_characters(self):
        with self.assertRaises(ValidationError):
            self.Case.create({"name": "2026001", "process": "C1"})

    def test_case_takes_supply_and_distributor_from_contract(self):
        contract = self._requests(1)
        case = self._new_cases(contract)
        self.assertEqual(case.process, "C1")
        self.assertEqual(case.supply_point_id, contract.supply_point_id)
        self.assertEqual(case.cups, contract.supply_point_id.cups)
        self.assertEqual(case.distributor_id, self.distributor)
        self.assertEqual(case.distributor_code, "0021")

    def test_opening_and_finishing_stamp_dates(self):
        case = self._new_cases()
        self.assertFalse(case.date_opened)
        case._set_state("open")
        self.assertTrue(case.date_opened)
        self.assertFalse(case.date_closed)
        case._set_state("rejected")
        self.assertTrue(case.date_closed)


@tagged("post_install", "-at_install")
class TestAtrDeadline(AtrCase):
    def test_working_days_skip_weekend_and_national_holiday(self):
        # Friday 4 December 2026 + 5 working days: Tuesday 8 (Immaculate
        # Conception) and the weekend do not count.
        self.assertEqual(
            self.Deadline._compute_due("C1", "01", D(2026, 12, 4)),
            ("02", D(2026, 12, 14)),
        )

    def test_working_day_after_christmas_eve(self):
        # Thursday 24 December + 1 working day: Friday 25 is Christmas, then
        # the weekend.
        self.assertEqual(
            self.Deadline._compute_due("C1", "02", D(2026, 12, 24)),
            ("05", D(2026, 12, 28)),
        )

    def test_natural_days_count_holidays_and_weekends(self):
        self.assertEqual(
            self.Deadline._compute_due("A3", "03", D(2026, 12, 8)),
            ("05", D(2027, 1, 7)),
        )

    def test_negative_days_are_notice_before_the_date(self):
        # B1 motivo 01: 01 must leave 5 working days before the requested
        # date; Monday 28 December 2026 minus 5 skips Christmas and a weekend.
        self.assertEqual(
            self.Deadline._compute_due("B1", "00", D(2026, 12, 28)),
            ("01", D(2026, 12, 18)),
        )

    def test_variant_row_wins_and_default_fills_in(self):
        self.assertEqual(
            self.Deadline._compute_due("M1", "02", D(2026, 12, 1), "S"),
            ("05", D(2026, 12, 9)),
        )
        self.assertEqual(
            self.Deadline._compute_due("M1", "02", D(2026, 12, 1)),
            ("05", D(2026, 12, 2)),
        )
        # The S variant has no row for 03: the default applies.
        self.assertEqual(
            self.Deadline._compute_due("M1", "03", D(2026, 12, 1), "S"),
            ("05", D(2026, 12, 31)),
        )
        # B1 motivo 03 (cut for non-payment): 60 natural days.
        self.assertEqual(
            self.Deadline._compute_due("B1", "02", D(2026, 12, 1), "03"),
            ("05", D(2027, 1, 30)),
        )

    def test_no_next_step_gives_nothing(self):
        self.assertEqual(
            self.Deadline._compute_due("C1", "05", D(2026, 12, 1)), (False, False)
        )
        self.assertEqual(
            self.Deadline._compute_due("C1", "99", D(2026, 12, 1)), (False, False)
        )

    def test_datetime_counts_from_the_day_in_spain(self):
        # 23:30 UTC on 7 December is already the 8th (a holiday) in Madrid.
        start = datetime.datetime(2026, 12, 7, 23, 30)
        self.assertEqual(
            self.Deadline._compute_due("C1", "02", start), ("05", D(2026, 12, 9))
        )

    def test_edited_row_applies_at_once(self):
        row = self.env.ref("energy_atr.deadline_c1_01")
        self.assertEqual(
            self.Deadline._compute_due("C1", "01", D(2026, 12, 4))[1], D(2026, 12, 14)
        )
        row.write({"days": 10, "day_type": "natural"})
        self.assertEqual(
            self.Deadline._compute_due("C1", "01", D(2026, 12, 4)),
            ("02", D(2026, 12, 14)),
        )
        row.days = 3
        self.assertEqual(
            self.Deadline._compute_due("C1", "01", D(2026, 12, 4))[1], D(2026, 12, 7)
        )
        row.active = False
        self.assertEqual(
            self.Deadline._compute_due("C1", "01", D(2026, 12, 4)), (False, False)
        )

    def test_loading_gestionatr_again_creates_nothing(self):
        self.assertFalse(self.Deadline._load_gestionatr_deadlines())
        self.assertFalse(self.RejectReason._load_gestionatr_reasons())
        self.assertEqual(
            self.RejectReason.with_context(active_test=False).search_count([]),
            len(TABLA_27),
        )
        self.assertEqual(
            self.env.ref("energy_atr.reject_reason_12").action, "supply_cut"
        )

    def test_case_deadline_and_overdue(self):
        late, finished = self._new_cases(count=2, state="open", step="01")
        draft = self._new_cases(step="01")
        cases = late | draft | finished
        cases._set_next_deadline(start=D(2026, 12, 4))
        self.assertEqual(cases.mapped("next_step"), ["02"] * 3)
        self.assertEqual(cases.mapped("deadline"), [D(2026, 12, 14)] * 3)
        finished._set_state("rejected")
        with freeze_time("2026-12-15 10:00:00"):
            self.env.invalidate_all()
            overdue = self.Case.search(
                [("id", "in", cases.ids), ("is_overdue", "=", True)]
            )
            self.assertEqual(overdue, late)
            self.assertEqual(cases.mapped("is_overdue"), [True, False, False])
            self.assertEqual(
                self.Case.search([("id", "in", cases.ids), ("is_overdue", "=", False)]),
                draft | finished,
            )
        with freeze_time("2026-12-14 10:00:00"):
            self.env.invalidate_all()
            self.assertFalse(late.is_overdue)
        finished._set_next_deadline()
        self.assertFalse(finished.deadline)

    def test_acceptance_waits_for_the_expected_activation(self):
        case = self._new_cases(
            state="accepted", step="02", date_expected_activation=D(2027, 1, 15)
        )
        case._set_next_deadline(start=D(2026, 12, 4))
        self.assertEqual((case.next_step, case.deadline), ("05", D(2027, 1, 18)))


@tagged("post_install", "-at_install")
class TestAtrAccess(AtrCase):
    def test_energy_user_reads_but_cannot_write_a_case(self):
        case = self._new_cases()
        self.assertEqual(case.with_user(self.reader).name, case.name)
        with self.assertRaises(AccessError):
            case.with_user(self.reader).write({"incident_text": "Sin acceso"})
        with self.assertRaises(AccessError):
            self.Case.with_user(self.reader).create({"process": "C1"})

    def test_backoffice_writes_and_creates_cases_but_cannot_delete(self):
        case = self._new_cases()
        case.with_user(self.backoffice).write({"incident_text": "Cliente ausente"})
        self.assertEqual(case.incident_text, "Cliente ausente")
        created = self.Case.with_user(self.backoffice).create({"process": "M1"})
        self.assertEqual(len(created.name), 12)
        with self.assertRaises(AccessError):
            case.with_user(self.backoffice).unlink()

    def test_messages_are_never_deleted(self):
        message = self.Message.create(
            {"direction": "in", "state": "unmatched", "process": "C1", "step": "02"}
        )
        self.assertTrue(message.is_inbox)
        with self.assertRaises(UserError):
            message.with_user(self.manager).unlink()
        message.with_user(self.backoffice).action_dismiss()
        self.assertEqual(message.state, "ignored")
        self.assertFalse(message.is_inbox)

    def test_configuration_is_for_managers(self):
        row = self.env.ref("energy_atr.deadline_c1_01")
        with self.assertRaises(AccessError):
            row.with_user(self.backoffice).days = 7
        row.with_user(self.manager).days = 7
        self.assertEqual(row.days, 7)

    def test_company_rule_hides_other_companies_cases(self):
        other_company = self.env["res.company"].create({"name": "Otra Energía, S.L."})
        theirs = self.Case.create({"process": "C1", "company_id": other_company.id})
        ours = self._new_cases()
        user = self.backoffice
        found = self.Case.with_user(user).search([("id", "in", (theirs | ours).ids)])
        self.assertEqual(found, ours)
        with self.assertRaises(AccessError):
            theirs.with_user(user).read(["name"])
        both = new_test_user(
            self.env,
            "atr_two_companies",
            groups="energy_base.group_energy_backoffice",
            company_ids=[(6, 0, (self.company | other_company).ids)],
        )
        found = (
            self.Case.with_user(both)
            .with_context(allowed_company_ids=(self.company | other_company).ids)
            .search([("id", "in", (theirs | ours).ids)])
        )
        self.assertEqual(found, theirs | ours)

    def test_applied_key_is_unique_per_company(self):
        vals = {
            "direction": "in",
            "state": "applied",
            "applied_key": "C1/209900000001/02/01",
        }
        ours = self.Message.create(vals)
        other_company = self.env["res.company"].create({"name": "Otra Energía, S.L."})
        theirs = self.Message.create({**vals, "company_id": other_company.id})
        self.assertEqual(theirs.applied_key, ours.applied_key)
        self.assertNotEqual(theirs.company_id, ours.company_id)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            self.Message.create(vals)


@tagged("post_install", "-at_install")
class TestAtrContract(AtrCase):
    def test_withdrawal_opens_an_e1(self):
        parent = self._requests(1)
        changes = self.Contract.create(
            [
                {
                    "partner_id": self.customer.id,
                    "supply_point_id": parent.supply_point_id.id,
                    "parent_contract_id": parent.id,
                    "request_type": request_type,
                }
                for request_type in ("withdrawal", "termination", "holder_change")
            ]
        )
        self.assertEqual(parent.atr_process, "C1")
        self.assertEqual(changes.mapped("atr_process"), ["E1", "B1", "M1"])

    def test_holder_change_defaults_to_transfer(self):
        parent = self._requests(1)
        self.assertFalse(parent.atr_holder_change_type)
        change = self.Contract.create(
            {
                "partner_id": self.customer.id,
                "supply_point_id": parent.supply_point_id.id,
                "parent_contract_id": parent.id,
                "request_type": "holder_change",
            }
        )
        self.assertEqual(change.atr_holder_change_type, "T")
        change.atr_holder_change_type = "S"
        self.assertEqual(change.atr_holder_change_type, "S")
        switch = self._requests(1, request_type="holder_change_switch")
        self.assertEqual(switch.atr_holder_change_type, "T")

    def test_current_case_is_the_latest_unfinished_one(self):
        contract = self._requests(1)
        first = self._new_cases(contract, state="open")
        self.assertEqual(contract.atr_case_id, first)
        first._set_state("rejected")
        self.assertFalse(contract.atr_case_id)
        second = self._new_cases(contract)
        self.assertEqual(contract.atr_case_id, second)
        self.assertEqual(contract.atr_case_count, 2)
        action = contract.action_view_atr_cases()
        self.assertEqual(action["domain"], [("contract_id", "=", contract.id)])
