# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from gestionatr.input.messages import R1

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from ..tools import atr_builder, atr_claim
from .atr_common import DISTRIBUTOR_REE_CODE, OUR_REE_CODE, AtrCase

# Thursday: five working days later, skipping Tuesday 8 December (national
# holiday), is Friday 11 December.
SUBMITTED_BEFORE_DEC_8 = "2026-12-03 10:00:00"
DUE_AFTER_DEC_8 = date(2026, 12, 11)
# Monday: skipping Friday 25 December, five working days later is Tuesday 29.
SUBMITTED_BEFORE_CHRISTMAS = "2026-12-21 10:00:00"
DUE_AFTER_CHRISTMAS = date(2026, 12, 29)


class WatchdogCase(AtrCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.energy_atr_claim_grace_days = 5
        cls.activity_type = cls.env.ref("energy_atr.mail_activity_type_atr_overdue")

    def _submitted(self, count=1, when=SUBMITTED_BEFORE_DEC_8, **vals):
        """`count` switch requests sent to distributor 0021 at `when`."""
        with freeze_time(when):
            contracts = self._ready_to_submit(count, **vals)
            contracts.with_user(self.backoffice).action_submit()
        return contracts.atr_case_ids

    def _reminders(self, cases):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "energy.atr.case"),
                ("res_id", "in", cases.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def _drafted(self, case, today=date(2026, 12, 17)):
        """Case `case` reminded and claimed for: `today` is more than the
        5-day grace period after its deadline."""
        self.Case._watchdog_run(today=today)
        self.assertTrue(case.claim_case_id)
        return case.claim_case_id


@tagged("post_install", "-at_install")
class TestAtrDeadlineOverdue(WatchdogCase):
    def test_deadline_skips_the_december_8_holiday_and_feeds_overdue(self):
        case = self._submitted()
        self.assertEqual((case.step, case.next_step), ("01", "02"))
        self.assertEqual(case.deadline, DUE_AFTER_DEC_8)
        with freeze_time("2026-12-11 20:00:00"):
            case.invalidate_recordset(["is_overdue", "days_late"])
            self.assertFalse(case.is_overdue)
            self.assertNotIn(case, self.Case.search([("is_overdue", "=", True)]))
        with freeze_time("2026-12-14 09:00:00"):
            case.invalidate_recordset(["is_overdue", "days_late"])
            self.assertTrue(case.is_overdue)
            self.assertEqual(case.days_late, 3)
            overdue_action = self.env.ref("energy_atr.energy_atr_case_action_overdue")
            domain = safe_eval(overdue_action.domain)
            self.assertIn(case, self.Case.search(domain))

    def test_deadline_skips_christmas(self):
        case = self._submitted(when=SUBMITTED_BEFORE_CHRISTMAS)
        self.assertEqual(case.deadline, DUE_AFTER_CHRISTMAS)
        with freeze_time("2026-12-29 12:00:00"):
            self.assertFalse(
                self.Case.search([("id", "=", case.id), ("is_overdue", "=", True)])
            )
        with freeze_time("2026-12-30 12:00:00"):
            self.assertTrue(
                self.Case.search([("id", "=", case.id), ("is_overdue", "=", True)])
            )

    def test_overdue_list_shows_days_late_and_watchdog_state(self):
        action = self.env.ref("energy_atr.energy_atr_case_action_overdue")
        view = action.view_ids.filtered(lambda v: v.view_mode == "list").view_id
        self.assertTrue(view)
        arch = self.Case.get_view(view.id, "list")["arch"]
        self.assertIn('name="days_late"', arch)
        self.assertIn('name="watchdog_state"', arch)
        search = self.Case.get_view(action.search_view_id.id, "search")["arch"]
        self.assertIn("searchpanel", search)


@tagged("post_install", "-at_install")
class TestAtrWatchdogReminder(WatchdogCase):
    def test_overdue_case_gets_one_reminder_for_the_request_responsible(self):
        case = self._submitted()
        contract = case.contract_id
        self.assertEqual(contract.user_id, self.backoffice)
        self.Case._watchdog_run(today=date(2026, 12, 11))
        self.assertFalse(self._reminders(case), "not late on the deadline day itself")
        self.assertEqual(case.watchdog_state, "none")

        self.Case._watchdog_run(today=date(2026, 12, 12))
        reminder = self._reminders(case)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.backoffice)
        self.assertEqual(reminder.date_deadline, date(2026, 12, 12))
        self.assertIn("02", reminder.summary)
        self.assertEqual(case.watchdog_state, "reminded")
        events = contract.event_ids.filtered(lambda e: e.event_type == "reminder")
        self.assertEqual(len(events), 1)
        self.assertIn(case.name, events.reason)

        self.Case._watchdog_run(today=date(2026, 12, 13))
        self.assertEqual(len(self._reminders(case)), 1, "reminded once only")
        self.assertFalse(case.claim_case_id, "still within the grace period")

    def test_case_without_request_reminds_an_energy_manager(self):
        case = self._new_cases(
            count=1,
            state="open",
            step="01",
            next_step="02",
            deadline=date(2026, 12, 11),
        )
        self.Case._watchdog_run(today=date(2026, 12, 14))
        user = self._reminders(case).user_id
        self.assertEqual(len(user), 1)
        self.assertTrue(
            user.has_group("energy_base.group_energy_manager")
            or user == self.env.ref("base.user_admin")
        )

    def test_new_deadline_withdraws_the_reminder(self):
        case = self._submitted()
        self.Case._watchdog_run(today=date(2026, 12, 14))
        self.assertEqual(case.watchdog_state, "reminded")
        # The distributor accepts: the next step (05) has its own deadline.
        case._set_state("accepted", {"step": "02"})
        case._set_next_deadline(start=datetime(2026, 12, 14, 10, 0))
        self.assertEqual(case.next_step, "05")
        self.assertEqual(case.watchdog_state, "none")
        self.assertFalse(self._reminders(case))

    def test_cron_handles_cases_in_batch(self):
        self.Case._watchdog_run(today=date(2026, 12, 14))  # earlier cases
        counts = []
        for size in (2, 8):
            self._new_cases(
                count=size,
                state="open",
                step="01",
                next_step="02",
                deadline=date(2026, 12, 1),
            )
            self.env.flush_all()
            before = self.cr.sql_log_count
            done, remaining = self.Case._watchdog_run(
                today=date(2026, 12, 14), limit=100
            )
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(done, size * 2, "reminded and claimed for")
            self.assertEqual(remaining, 0)
        # Only the request code of each drafted claim (ir.sequence, at most
        # two queries a code) grows with the batch; reminders, claims, links,
        # chatter notes and history events are written in bulk.
        self.assertLessEqual(counts[1] - counts[0], 2 * (8 - 2), counts)

    def test_cron_job_runs(self):
        case = self._new_cases(
            count=1, state="open", step="01", next_step="02", deadline=date(2025, 1, 6)
        )
        self.Case._cron_watchdog()
        self.assertEqual(case.watchdog_state, "claim_drafted")


@tagged("post_install", "-at_install")
class TestAtrWatchdogClaim(WatchdogCase):
    def test_claim_is_drafted_after_the_grace_period_and_only_once(self):
        case = self._submitted()  # due 11 December, grace 5 days
        self.Case._watchdog_run(today=date(2026, 12, 16))
        self.assertFalse(case.claim_case_id, "16 - 5 is the deadline: not yet")
        self.assertEqual(case.watchdog_state, "reminded")

        claim = self._drafted(case, today=date(2026, 12, 17))
        self.assertEqual(case.watchdog_state, "claim_drafted")
        self.assertRecordValues(
            claim,
            [
                {
                    "process": "R1",
                    "state": "draft",
                    "role": "requester",
                    "cups": case.cups,
                    "distributor_id": self.distributor.id,
                    "distributor_code": DISTRIBUTOR_REE_CODE,
                    "claim_type": "03",
                    "claim_subtype": "058",
                    "claim_step": "02",
                    "contract_id": False,
                }
            ],
        )
        self.assertEqual(claim.claim_origin_ids, case)
        self.assertEqual(len(claim.name), 12)
        self.assertIn(case.name, claim.claim_comments)
        self.assertFalse(
            claim.atr_message_ids, "nothing is sent before a user confirms"
        )
        events = case.contract_id.event_ids.filtered(
            lambda e: e.event_type == "atr_message" and claim.name in (e.reason or "")
        )
        self.assertEqual(len(events), 1)

        claims = [("process", "=", "R1"), ("claim_origin_ids", "in", case.ids)]
        self.Case._watchdog_run(today=date(2026, 12, 18))
        self.Case._watchdog_run(today=date(2027, 1, 20))
        self.assertEqual(self.Case.search(claims), claim)
        self.assertEqual(case.claim_case_id, claim)

    def test_grace_period_is_a_company_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.energy_atr_claim_grace_days, 5)
        settings.energy_atr_claim_grace_days = 0
        settings.execute()
        self.assertEqual(self.company.energy_atr_claim_grace_days, 0)
        case = self._submitted()
        self.Case._watchdog_run(today=date(2026, 12, 12))
        self.assertEqual(case.watchdog_state, "claim_drafted")

    def test_claim_subtype_follows_the_missing_step(self):
        activation = self._new_cases(
            count=1,
            process="M1",
            state="accepted",
            step="02",
            next_step="05",
            deadline=date(2026, 11, 2),
        )
        cancellation = self._new_cases(
            count=1,
            process="C2",
            state="cancel_requested",
            step="08",
            next_step="09",
            deadline=date(2026, 11, 2),
        )
        claim_r1 = self._new_cases(
            count=1,
            process="R1",
            state="open",
            step="01",
            next_step="02",
            deadline=date(2026, 11, 2),
        )
        self.Case._watchdog_run(today=date(2026, 12, 1))
        self.assertEqual(activation.claim_case_id.claim_subtype, "061")
        self.assertEqual(cancellation.claim_case_id.claim_subtype, "074")
        self.assertEqual(claim_r1.watchdog_state, "reminded")
        self.assertFalse(claim_r1.claim_case_id, "a late claim is not claimed again")

    def test_send_claim_builds_an_xsd_valid_r1_01(self):
        case = self._submitted()
        claim = self._drafted(case)
        with freeze_time("2026-12-17 09:30:00"):
            claim.with_user(self.backoffice).action_send_claim()
        self.assertEqual(claim.state, "open")
        self.assertEqual((claim.step, claim.next_step), ("01", "02"))
        self.assertTrue(claim.deadline)
        self.assertEqual(case.watchdog_state, "claim_sent")
        message = claim.atr_message_ids
        self.assertRecordValues(
            message,
            [
                {
                    "direction": "out",
                    "state": "to_send",
                    "process": "R1",
                    "step": "01",
                    "request_code": claim.name,
                    "distributor_id": self.distributor.id,
                }
            ],
        )
        raw = message.attachment_id.raw
        valid, error = atr_builder.validate(raw)
        self.assertTrue(valid, error)
        parsed = R1(raw)
        parsed.parse_xml()
        first = case.atr_message_ids.filtered(lambda m: m.step == "01")
        self.assertEqual((parsed.tipus, parsed.pas), ("R1", "01"))
        self.assertEqual(parsed.codi_sollicitud, claim.name)
        self.assertEqual(parsed.get_codi_emisor, OUR_REE_CODE)
        self.assertEqual(parsed.get_codi_destinatari, DISTRIBUTOR_REE_CODE)
        self.assertEqual(parsed.cups, first.cups)
        self.assertEqual(parsed.datos_solicitud.tipo, "03")
        self.assertEqual(parsed.datos_solicitud.subtipo, "058")
        self.assertEqual(
            parsed.variables_detalle_reclamacion[0].codigo_solicitud, case.name
        )
        self.assertEqual(parsed.tipo_reclamante, atr_claim.CLAIMANT_RETAILER)
        self.assertEqual(parsed.reclamante.identificador, "B87654323")
        self.assertEqual(parsed.check_minimum_fields(), [])
        event = case.contract_id.event_ids.filtered(
            lambda e: e.event_type == "atr_message" and e.attachment_ids
        ).filtered(lambda e: message.attachment_id in e.attachment_ids)
        self.assertEqual(len(event), 1)

    def test_plain_energy_user_cannot_send_or_discard_a_claim(self):
        case = self._submitted()
        claim = self._drafted(case)
        with self.assertRaises(AccessError):
            claim.with_user(self.reader).action_send_claim()
        with self.assertRaises(AccessError):
            claim.with_user(self.reader).action_discard_claim()
        self.assertEqual(claim.state, "draft")

    def test_claim_is_refused_once_the_distributor_answered(self):
        case = self._submitted()
        claim = self._drafted(case)
        case._set_state("accepted", {"step": "02"})
        case._set_next_deadline(start=datetime(2026, 12, 17, 10, 0))
        with self.assertRaisesRegex(UserError, case.name):
            claim.with_user(self.backoffice).action_send_claim()
        self.assertFalse(claim.atr_message_ids)

    def test_discarded_claim_is_never_drafted_again(self):
        case = self._submitted()
        claim = self._drafted(case)
        claim.with_user(self.backoffice).action_discard_claim()
        self.assertEqual(claim.state, "cancelled")
        self.assertEqual(case.watchdog_state, "reminded")
        self.Case._watchdog_run(today=date(2026, 12, 30))
        self.assertEqual(case.claim_case_id, claim)
        self.assertEqual(
            self.Case.search_count([("claim_origin_ids", "=", case.id)]), 1
        )
