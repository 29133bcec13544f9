# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import os
import tempfile
from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models import atr_parse
from ..models.atr_incoming import KIND_HANDLERS
from .atr_incoming_common import IncomingCase


@tagged("post_install", "-at_install")
class TestAtrIncomingRoundTrip(IncomingCase):
    def test_acceptance_then_activation_make_the_request_active(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        self.assertEqual((contract.state, case.state), ("submitted", "open"))
        expected = self.today + timedelta(days=10)

        accept = self._import(
            self._answer(
                "acceptance", case, activation_type="A0", date_expected=expected
            )
        )
        message = accept.atr_message_ids
        self.assertEqual(message.state, "applied", message.error)
        self.assertEqual(message.applied_key, f"C1/{case.name}/02/01")
        self.assertEqual(message.case_id, case)
        self.assertEqual(message.distributor_id, self.distributor)
        self.assertEqual(contract.state, "accepted")
        self.assertEqual(
            (
                case.state,
                case.step,
                case.activation_type,
                case.date_expected_activation,
            ),
            ("accepted", "02", "A0", expected),
        )
        event = self._events(contract)[-1:]
        self.assertEqual(event.new_value, "C1-02")
        self.assertEqual(event.attachment_ids, message.attachment_id)
        self.assertEqual(accept.applied_count, 1)

        activated_on = self.today - timedelta(days=1)
        activation = self._import(
            self._answer(
                "activation",
                case,
                date_activated=activated_on,
                contract_code="987654321",
                tariff="018",
                powers_w=(5750, 6900),
                measure_point_type="05",
            )
        )
        self.assertEqual(activation.atr_message_ids.state, "applied")
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_activated, activated_on)
        self.assertEqual((contract.power_p1_kw, contract.power_p2_kw), (5.75, 6.9))
        self.assertEqual(contract.access_tariff_id.code, "018")
        self.assertEqual(contract.access_contract_code, "987654321")
        point = contract.supply_point_id
        self.assertEqual((point.power_p1_kw, point.power_p2_kw), (5.75, 6.9))
        self.assertEqual(point.measure_point_type, "5")
        self.assertEqual(point.power_control_mode, "icp")
        self.assertEqual(point.status, "customer")
        self.assertEqual(
            (case.state, case.step, case.access_contract_code, case.date_activated),
            ("activated", "05", "987654321", activated_on),
        )
        self.assertFalse(case.next_step)
        self.assertEqual(
            len(case.atr_message_ids.filtered(lambda m: m.direction == "in")), 2
        )

    def test_acceptance_and_activation_in_one_zip_apply_in_step_order(self):
        contracts = self._submitted(2, request_type="switch_changes")
        files = []
        for n, contract in enumerate(contracts):
            case = contract.atr_case_id
            files.append(
                (f"05_{n}.xml", self._answer("activation", case, contract_code=f"{n}1"))
            )
            files.append((f"02_{n}.xml", self._answer("acceptance", case)))
        record = self._import(self._zip(files), name="batch.zip")
        self.assertEqual(record.state, "done")
        self.assertEqual(record.message_total, 4)
        self.assertEqual(record.applied_count, 4, record.log)
        self.assertEqual(set(contracts.mapped("state")), {"active"})
        self.assertEqual(set(contracts.atr_case_ids.mapped("state")), {"activated"})

    def test_activation_without_acceptance_accepts_on_the_way(self):
        contract = self._submitted(1)
        record = self._import(self._answer("activation", contract.atr_case_id))
        self.assertEqual(record.atr_message_ids.state, "applied")
        self.assertEqual(contract.state, "active")
        self.assertTrue(contract.date_accepted)


@tagged("post_install", "-at_install")
class TestAtrIncomingAnswers(IncomingCase):
    def test_rejection_with_codes_rejects_and_notifies(self):
        contract = self._submitted(1, channel_id=self.channel_a.id)
        case = contract.atr_case_id
        record = self._import(
            self._answer(
                "rejection",
                case,
                codes=("03", "36"),
                comments={"03": "El NIF no coincide"},
            )
        )
        message = record.atr_message_ids
        self.assertEqual(message.state, "applied", message.error)
        self.assertEqual(contract.state, "rejected")
        self.assertEqual(contract.reject_reason_code, "03, 36")
        self.assertIn("03 NIF-CIF No coincide", contract.state_reason)
        self.assertIn("36 NIF-CIF Erróneo", contract.state_reason)
        self.assertEqual(case.state, "rejected")
        self.assertEqual(set(case.reject_reason_ids.mapped("code")), {"03", "36"})
        self.assertEqual(
            case.reject_reason_ids.mapped("action"), ["holder_mismatch"] * 2
        )
        self.assertIn("El NIF no coincide", case.reject_text)
        self.assertEqual(message.reject_reason_ids, case.reject_reason_ids)
        notice = contract.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertEqual(len(notice), 1)
        self.assertIn(self.channel_a, notice.partner_ids)
        self.assertIn(contract.name, notice.body)

    def test_rejection_imported_by_a_user_without_email_is_signed_by_the_company(
        self,
    ):
        importer = new_test_user(
            self.env,
            "atr_noemail",
            groups="energy_base.group_energy_backoffice",
            email=False,
        )
        self.company.email = "atr@comercializadora.example.es"
        first, second = self._submitted(2)
        self._import(
            self._answer("rejection", first.atr_case_id, codes=("03",)), user=importer
        )
        self.assertEqual(first.state, "rejected")
        notice = first.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertEqual(notice.author_id, self.company.partner_id)
        # without any address the rejection still applies; the request says so
        self.company.email = False
        self._import(
            self._answer("rejection", second.atr_case_id, codes=("03",)),
            user=importer,
        )
        self.assertEqual(second.state, "rejected")
        self.assertTrue(
            second.message_ids.filtered(lambda m: "Nobody was notified" in m.body)
        )

    def test_late_rejection_after_acceptance(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        self._import(self._answer("acceptance", case))
        self.assertEqual(contract.state, "accepted")
        record = self._import(self._answer("late_rejection", case, codes=("28",)))
        self.assertEqual(record.atr_message_ids.state, "applied")
        self.assertEqual(record.atr_message_ids.step, "04")
        self.assertEqual((contract.state, case.state), ("rejected", "rejected"))
        self.assertEqual(contract.reject_reason_code, "28")

    def test_incidence_puts_the_request_in_incident_with_a_task(self):
        contract = self._submitted(1, request_type="switch_changes")
        case = contract.atr_case_id
        record = self._import(
            self._answer(
                "incidence",
                case,
                codes=("01", "12"),
                comments={"01": "Nadie en el domicilio"},
                date_action=self.today + timedelta(days=3),
            )
        )
        self.assertEqual(record.atr_message_ids.state, "applied")
        self.assertEqual((contract.state, case.state), ("incident", "incident"))
        self.assertIn("01 Cliente ausente", contract.state_reason)
        self.assertIn("Nadie en el domicilio", case.incident_text)
        activity = contract.activity_ids.filtered(
            lambda a: "step 13" in (a.summary or "")
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.user_id, contract.phase_owner_user_id or contract.user_id
        )
        # the distributor goes on after the incidence is solved
        self._import(self._answer("activation", case))
        self.assertEqual(contract.state, "active")

    def test_termination_activation_ends_the_contract_it_changes(self):
        parent = self._submitted(1)
        self._import(self._answer("acceptance", parent.atr_case_id))
        self._import(
            self._answer(
                "activation",
                parent.atr_case_id,
                date_activated=self.today - timedelta(days=60),
            )
        )
        self.assertEqual(parent.state, "active")
        ending = self._ready_to_submit(
            1,
            request_type="termination",
            parent_contract_id=parent.id,
            supply_point_id=parent.supply_point_id.id,
            termination_reason="end_of_term",
        )
        ending.with_user(self.backoffice).action_submit()
        case = ending.atr_case_id
        self.assertEqual(case.process, "B1")
        self._import(self._answer("acceptance", case, activation_type="B2"))
        self.assertEqual(ending.state, "accepted")
        self._import(self._answer("activation", case, date_activated=self.today))
        self.assertEqual(ending.state, "active")
        self.assertEqual(parent.state, "terminated")
        self.assertEqual(parent.date_terminated, self.today)

    def test_cancellation_answers(self):
        contracts = self._submitted(2)
        contracts.with_user(self.backoffice).action_cancel("Customer changed mind")
        self.assertEqual(
            set(contracts.atr_case_ids.mapped("state")), {"cancel_requested"}
        )
        first, second = contracts[0].atr_case_ids, contracts[1].atr_case_ids
        self._import(self._answer("cancellation_acceptance", first))
        self.assertEqual(first.state, "cancelled")
        record = self._import(self._answer("cancellation_rejection", second))
        self.assertEqual(record.atr_message_ids.state, "applied")
        self.assertEqual(second.state, "open")
        self.assertTrue(
            contracts[1].activity_ids.filtered(
                lambda a: "refused the cancellation" in (a.summary or "")
            )
        )


@tagged("post_install", "-at_install")
class TestAtrIncomingOutgoingRetailer(IncomingCase):
    def _our_active_contract(self):
        contract = self._requests(1)
        self._activate(contract, self.today - timedelta(days=200))
        self.assertEqual(contract.supply_point_id.status, "customer")
        return contract

    def test_switch_to_a_competitor_terminates_our_contract(self):
        contract = self._our_active_contract()
        cups = contract.supply_point_id.cups + "0F"
        code = "202699000001"
        switch_on = self.today + timedelta(days=5)
        notice = self._import(
            self.answers.outgoing_acceptance("C1", code, cups, date_expected=switch_on)
        )
        self.assertEqual(notice.atr_message_ids.state, "applied")
        case = notice.atr_message_ids.case_id
        self.assertEqual(
            (case.role, case.process, case.state, case.contract_id),
            ("outgoing", "C1", "accepted", contract),
        )
        self.assertEqual(case.date_expected_activation, switch_on)
        self.assertEqual(contract.state, "active")

        activation = self._import(
            self.answers.outgoing_activation("C1", code, cups, date_activated=switch_on)
        )
        self.assertEqual(activation.atr_message_ids.state, "applied")
        self.assertEqual(activation.atr_message_ids.case_id, case)
        self.assertEqual(contract.state, "terminated")
        self.assertEqual(contract.termination_reason, "switched_to_competitor")
        self.assertEqual(contract.date_terminated, switch_on)
        self.assertEqual(contract.supply_point_id.status, "lost")
        self.assertEqual(case.state, "closed")

    def test_activation_notice_alone_opens_the_case_and_terminates(self):
        contract = self._our_active_contract()
        cups = contract.supply_point_id.cups + "0F"
        record = self._import(
            self.answers.outgoing_activation("C2", "202699000002", cups)
        )
        message = record.atr_message_ids
        self.assertEqual(message.state, "applied", message.error)
        self.assertEqual(message.case_id.role, "outgoing")
        self.assertEqual(contract.state, "terminated")

    def test_rejected_switch_keeps_our_contract(self):
        contract = self._our_active_contract()
        cups = contract.supply_point_id.cups + "0F"
        code = "202699000003"
        self._import(self.answers.outgoing_acceptance("C1", code, cups))
        record = self._import(self.answers.outgoing_rejection("C1", code, cups))
        self.assertEqual(record.atr_message_ids.state, "applied")
        self.assertEqual(record.atr_message_ids.case_id.state, "closed")
        self.assertEqual(contract.state, "active")

    def test_notice_for_a_cups_we_do_not_serve(self):
        point = self._points(1)
        record = self._import(
            self.answers.outgoing_activation("C1", "202699000004", point.cups + "0F")
        )
        message = record.atr_message_ids
        self.assertEqual(message.state, "not_ours")
        self.assertIn(point.cups, message.error)
        self.assertFalse(message.case_id)
        self.assertFalse(self.Case.search([("name", "=", "202699000004")]))


@tagged("post_install", "-at_install")
class TestAtrIncomingInbox(IncomingCase):
    def test_same_file_twice_changes_nothing(self):
        contract = self._submitted(1)
        raw = self._answer("acceptance", contract.atr_case_id)
        self._import(raw)
        events = len(contract.event_ids)
        again = self._import(raw)
        message = again.atr_message_ids
        self.assertEqual(message.state, "duplicate")
        self.assertIn("already received", message.error)
        self.assertTrue(message.is_inbox)
        self.assertFalse(message.applied_key)
        self.assertEqual(len(contract.event_ids), events)
        self.assertEqual(contract.state, "accepted")

    def test_same_step_again_is_not_applied_twice(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        self._import(self._answer("acceptance", case, date="2026-01-02 10:00:00"))
        # the same step, resent later (other bytes, same process/code/step/sequence)
        resent = self._import(
            self._answer(
                "acceptance",
                case,
                date="2026-01-03 10:00:00",
                date_expected=self.today + timedelta(days=40),
            )
        )
        message = resent.atr_message_ids
        self.assertEqual(message.state, "duplicate")
        self.assertIn("already applied", message.error)
        self.assertNotEqual(
            case.date_expected_activation, self.today + timedelta(days=40)
        )
        # a new sequence is a new message
        other = self._import(self._answer("acceptance", case, sequence="02"))
        self.assertEqual(other.atr_message_ids.state, "applied")

    def test_unknown_request_code_waits_then_retry_applies(self):
        point = self._points(1)
        cups = point.cups + "0F"
        record = self._import(self.answers.acceptance("C1", "202600999999", cups))
        message = record.atr_message_ids
        self.assertEqual(message.state, "unmatched")
        self.assertIn("202600999999", message.error)
        self.assertEqual(record.inbox_count, 1)
        # the case is found (e.g. recovered from the old system) and the
        # message retried
        case = self.Case._create_guarded(
            {
                "name": "202600999999",
                "process": "C1",
                "cups": point.cups,
                "distributor_id": self.distributor.id,
                "state": "open",
                "step": "01",
            }
        )
        message.with_user(self.backoffice).action_retry()
        self.assertEqual(message.state, "applied", message.error)
        self.assertEqual(message.case_id, case)
        self.assertEqual(case.state, "accepted")
        self.assertFalse(message.error)

    def test_process_started_by_the_distributor_waits_for_review(self):
        contract = self._submitted(1)
        record = self._import(
            self.answers.distributor_termination(
                "202655500001", self._cups(contract.atr_case_id)
            )
        )
        message = record.atr_message_ids
        self.assertEqual((message.process, message.step), ("B2", "05"))
        self.assertEqual(message.state, "unmatched")
        self.assertIn("not applied automatically", message.error)

    def test_message_that_does_not_fit_its_case(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        other_point = self._points(1)
        wrong_cups = self._import(
            self.answers.acceptance("C1", case.name, other_point.cups + "0F")
        ).atr_message_ids
        self.assertEqual(wrong_cups.state, "unmatched")
        self.assertIn("CUPS", wrong_cups.error)
        wrong_sender = self._import(
            self.answers.acceptance(
                "C1", case.name, self._cups(case), sender="0031", date="2026-01-05"
            )
        ).atr_message_ids
        self.assertEqual(wrong_sender.state, "unmatched")
        self.assertIn("0031", wrong_sender.error)
        wrong_receiver = self._import(
            self.answers.acceptance(
                "C1", case.name, self._cups(case), receiver="9999", date="2026-01-06"
            )
        ).atr_message_ids
        self.assertEqual(wrong_receiver.state, "not_ours")
        self.assertIn("9999", wrong_receiver.error)
        self.assertEqual(contract.state, "submitted")
        self.assertEqual(case.state, "open")

    def test_malformed_and_schema_invalid_files_are_kept(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        garbage = b"this is not a switching file"
        not_xml = self._import(garbage, name="garbage.xml").atr_message_ids
        self.assertEqual(not_xml.state, "invalid")
        self.assertIn("not a well-formed XML", not_xml.error)
        self.assertEqual(not_xml.attachment_id.raw, garbage)
        self.assertEqual(not_xml.file_name, "garbage.xml")

        invalid_raw = self._answer("acceptance", case, omit=("actuacion_campo",))
        invalid = self._import(invalid_raw).atr_message_ids
        self.assertEqual(invalid.state, "invalid")
        self.assertIn("XSD", invalid.error)
        self.assertIn("ActuacionCampo", invalid.error)
        self.assertEqual(invalid.attachment_id.raw, invalid_raw)
        # the header is still read, so the file can be found by its request
        self.assertEqual((invalid.request_code, invalid.step), (case.name, "02"))
        self.assertFalse(invalid.applied_key)
        self.assertEqual((contract.state, case.state), ("submitted", "open"))

        not_atr = self._import(b"<factura><total>3</total></factura>").atr_message_ids
        self.assertEqual(not_atr.state, "invalid")
        self.assertIn("not a CNMC switching message", not_atr.error)

    def test_mixed_zip_applies_the_good_files(self):
        contracts = self._submitted(3)
        good_a, good_b, bad = (c.atr_case_id for c in contracts)
        archive = self._zip(
            [
                ("good_a.xml", self._answer("acceptance", good_a)),
                ("garbage.xml", b"\x00\x01 not xml"),
                (
                    "invalid.xml",
                    self._answer("acceptance", bad, omit=("actuacion_campo",)),
                ),
                (
                    "unknown.xml",
                    self.answers.acceptance("C1", "202600888888", self._cups(bad)),
                ),
                ("good_b.xml", self._answer("rejection", good_b, codes=("01",))),
                ("folder/", b""),
            ]
        )
        record = self._import(archive, name="answers.zip")
        self.assertEqual(record.state, "done")
        self.assertEqual(record.message_total, 5)
        self.assertEqual(record.applied_count, 2)
        self.assertEqual(record.inbox_count, 3)
        self.assertEqual(record.attachment_id.raw, archive)
        states = dict(
            zip(
                record.atr_message_ids.mapped("file_name"),
                record.atr_message_ids.mapped("state"),
                strict=True,
            )
        )
        self.assertEqual(
            states,
            {
                "good_a.xml": "applied",
                "garbage.xml": "invalid",
                "invalid.xml": "invalid",
                "unknown.xml": "unmatched",
                "good_b.xml": "applied",
            },
        )
        self.assertEqual(
            contracts.mapped("state"), ["accepted", "rejected", "submitted"]
        )
        self.assertIn("garbage.xml", record.log)

    def test_unreadable_zip(self):
        raw = b"PK\x03\x04 this zip is broken"
        record = self._import(raw, name="broken.zip")
        self.assertEqual(record.state, "error")
        message = record.atr_message_ids
        self.assertEqual(message.state, "invalid")
        self.assertIn("ZIP", message.error)
        self.assertEqual(message.attachment_id.raw, raw)

    def test_a_failing_message_does_not_block_its_batch(self):
        contracts = self._submitted(4)
        for contract in contracts:
            self._import(self._answer("acceptance", contract.atr_case_id))
        self.assertEqual(set(contracts.mapped("state")), {"accepted"})
        files = [
            (
                f"{n}.xml",
                self._answer(
                    "activation",
                    contract.atr_case_id,
                    # 2.0TD allows 15 kW at most: the request refuses 20 kW
                    powers_w=(20000, 20000) if n == 2 else (4600, 4600),
                ),
            )
            for n, contract in enumerate(contracts)
        ]
        record = self._import(self._zip(files), name="activations.zip")
        self.assertEqual(record.applied_count, 3)
        failed = record.atr_message_ids.filtered(lambda m: m.state == "error")
        self.assertEqual(failed.file_name, "2.xml")
        self.assertTrue(failed.error)
        self.assertEqual(
            contracts.mapped("state"), ["active", "active", "accepted", "active"]
        )
        self.assertEqual(contracts[2].atr_case_id.state, "accepted")

    def test_request_in_a_state_that_cannot_take_the_step(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        self._import(self._answer("rejection", case))
        record = self._import(self._answer("activation", case))
        message = record.atr_message_ids
        self.assertEqual(message.state, "error")
        self.assertIn(contract.name, message.error)
        self.assertEqual(contract.state, "rejected")

    def test_dismiss(self):
        record = self._import(b"nope")
        message = record.atr_message_ids
        message.with_user(self.backoffice).action_dismiss()
        self.assertEqual(message.state, "ignored")
        self.assertFalse(message.is_inbox)


@tagged("post_install", "-at_install")
class TestAtrIncomingImport(IncomingCase):
    def test_folder_import_moves_processed_files(self):
        contract = self._submitted(1)
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "accept.xml"), "wb") as handle:
                handle.write(self._answer("acceptance", contract.atr_case_id))
            with open(os.path.join(folder, "junk.txt"), "wb") as handle:
                handle.write(b"junk")
            imports = self.Import.with_user(self.backoffice).import_folder(folder)
            self.assertEqual(set(imports.mapped("source")), {"folder"})
            self.assertEqual(sorted(imports.mapped("name")), ["accept.xml", "junk.txt"])
            self.assertEqual(contract.state, "accepted")
            # files move once the transaction is committed
            self.assertTrue(os.path.exists(os.path.join(folder, "accept.xml")))
            self.env.cr.postcommit.run()
            self.assertEqual(sorted(os.listdir(folder)), ["processed"])
            self.assertEqual(
                sorted(os.listdir(os.path.join(folder, "processed"))),
                ["accept.xml", "junk.txt"],
            )
            # the scheduled action on the same folder finds nothing new
            self.assertFalse(self.Import._cron_import_folder(folder))

    def test_cron_reads_the_folders_of_the_transports(self):
        contract = self._submitted(1)
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "accept.xml"), "wb") as handle:
                handle.write(self._answer("acceptance", contract.atr_case_id))
            self.env["energy.atr.transport"].create(
                {
                    "distributor_id": self.distributor.id,
                    "method": "folder",
                    "folder_in": folder,
                    "folder_out": folder,
                }
            )
            imports = self.Import._cron_import_folder()
            self.assertEqual(imports.mapped("name"), ["accept.xml"])
            self.assertEqual(contract.state, "accepted")

    def test_wizard_upload(self):
        contract = self._submitted(1)
        raw = self._answer("acceptance", contract.atr_case_id)
        wizard = (
            self.env["energy.atr.import.wizard"]
            .with_user(self.backoffice)
            .create({"file": base64.b64encode(raw), "file_name": "c102.xml"})
        )
        action = wizard.action_import()
        record = self.Import.browse(action["res_id"])
        self.assertEqual(record.name, "c102.xml")
        self.assertEqual(record.source, "upload")
        self.assertEqual(record.user_id, self.backoffice)
        self.assertEqual(record.attachment_id.raw, raw)
        self.assertEqual(contract.state, "accepted")

    def test_access_rights(self):
        contract = self._submitted(1)
        raw = self._answer("acceptance", contract.atr_case_id)
        for user in (self.reader, self.employee):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.Import.with_user(user).import_file("a.xml", raw)
                with self.assertRaises(AccessError):
                    self.env["energy.atr.import.wizard"].with_user(user).create(
                        {"file": base64.b64encode(raw), "file_name": "a.xml"}
                    )
        self.assertEqual(contract.state, "submitted")
        record = self._import(raw)
        message = record.atr_message_ids
        # a reader sees the inbox but cannot retry
        self.assertEqual(message.with_user(self.reader).state, "applied")
        with self.assertRaises(AccessError):
            message.with_user(self.reader).action_retry()


@tagged("post_install", "-at_install")
class TestAtrIncomingHandlers(IncomingCase):
    def test_every_kind_of_message_has_its_handler(self):
        kinds = [
            value for name, value in vars(atr_parse).items() if name.startswith("KIND_")
        ]
        self.assertEqual(set(kinds), set(KIND_HANDLERS))
        for kind in kinds:
            with self.subTest(kind=kind):
                self.assertTrue(callable(self.Message._atr_handler(kind)))
        with self.assertRaises(ValueError):
            self.Message._atr_handler("acceptance_of_something_else")

    def test_a_misspelt_handler_fails_loudly(self):
        contract = self._submitted(1)
        raw = self._answer("acceptance", contract.atr_case_id)
        misspelt = {atr_parse.KIND_ACCEPTANCE: "_atr_apply_acceptence"}
        with patch.dict(KIND_HANDLERS, misspelt), self.assertRaises(AttributeError):
            self._import(raw)
        self.assertEqual(contract.state, "submitted")
        self.assertEqual(contract.atr_case_id.state, "open")

    def test_every_case_move_is_logged_with_its_message(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        self._import(self._answer("acceptance", case))
        self._import(self._answer("activation", case))
        moves = case.message_ids.filtered(lambda m: "→" in (m.body or ""))
        self.assertEqual(len(moves), 3)
        self.assertIn("Accepted → Activated", moves[0].body)
        self.assertIn("C1-05", moves[0].body)
        self.assertIn("Open → Accepted", moves[1].body)
        self.assertIn("C1-02", moves[1].body)

    def test_an_answer_arriving_after_the_activation_does_not_reopen_the_case(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        self._import(self._answer("activation", case))
        record = self._import(self._answer("acceptance", case))
        self.assertEqual(record.atr_message_ids.state, "applied")
        self.assertEqual((contract.state, case.state), ("active", "activated"))


@tagged("post_install", "-at_install")
class TestAtrIncomingCorrection(IncomingCase):
    """A distributor's new activation (05 with a new sequence) of a request
    already active corrects its final data: the request, the contract in force,
    its conditions and the supply point keep agreeing."""

    def _activation(self, case, sequence="01", powers_w=(4600, 4600), **kwargs):
        kwargs.setdefault("date_activated", self.today - timedelta(days=1))
        return self._import(
            self._answer(
                "activation", case, sequence=sequence, powers_w=powers_w, **kwargs
            )
        )

    @staticmethod
    def _in_force(contract):
        return contract.version_ids.filtered(lambda v: not v.date_to)

    def test_new_activation_corrects_the_request_and_its_supply_point(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        self._activation(case, contract_code="111111111111")
        self.assertEqual(contract.state, "active")
        record = self._activation(
            case, "02", powers_w=(5750, 5750), contract_code="222222222222"
        )
        message = record.atr_message_ids
        self.assertEqual(message.state, "applied", message.error)
        point = contract.supply_point_id
        for holder in (contract, point, self._in_force(contract)):
            with self.subTest(holder=holder._name):
                self.assertEqual((holder.power_p1_kw, holder.power_p2_kw), (5.75, 5.75))
        self.assertEqual(contract.access_contract_code, "222222222222")
        self.assertEqual(case.access_contract_code, "222222222222")
        changes = self._events(contract, "field_change").filtered(
            lambda e: e.field_name == "power_p1_kw"
        )
        self.assertEqual(changes[-1:].new_value, "5.75")
        event = self._events(contract)[-1:]
        self.assertEqual(event.new_value, "C1-05")
        self.assertIn("corrected the final data", event.reason)
        self.assertEqual(event.attachment_ids, message.attachment_id)

    def test_the_same_activation_again_changes_nothing(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        self._activation(case)
        events = len(self._events(contract, "field_change"))
        record = self._activation(case, "02")
        self.assertEqual(record.atr_message_ids.state, "applied")
        self.assertEqual(len(self._events(contract, "field_change")), events)
        self.assertNotIn("corrected", self._events(contract)[-1:].reason)

    def test_another_activation_date_waits_in_the_inbox(self):
        contract = self._submitted(1)
        case = contract.atr_case_id
        self._activation(case)
        record = self._activation(
            case,
            "02",
            powers_w=(5750, 5750),
            date_activated=self.today - timedelta(days=5),
        )
        message = record.atr_message_ids
        self.assertEqual(message.state, "error")
        self.assertIn(contract.name, message.error)
        self.assertIn("different activation date", message.error)
        self.assertEqual(contract.power_p1_kw, 4.6)
        self.assertEqual(contract.supply_point_id.power_p1_kw, 4.6)

    def test_correction_of_a_modification_reaches_the_contract_it_changed(self):
        parent = self._submitted(1)
        first = parent.atr_case_id
        self._activation(first, date_activated=self.today - timedelta(60))
        change = self._ready_to_submit(
            1,
            request_type="modification",
            parent_contract_id=parent.id,
            supply_point_id=parent.supply_point_id.id,
            power_p1_kw=5.75,
            power_p2_kw=5.75,
        )
        change.with_user(self.backoffice).action_submit()
        case = change.atr_case_id
        self._activation(case, powers_w=(5750, 5750))
        self.assertEqual((change.state, parent.power_p1_kw), ("active", 5.75))
        record = self._activation(case, "02", powers_w=(6928, 6928))
        self.assertEqual(record.atr_message_ids.state, "applied")
        in_force = self._in_force(parent)
        self.assertEqual(in_force.source_request_id, change)
        for holder in (change, parent, in_force, parent.supply_point_id):
            with self.subTest(holder=holder._name):
                self.assertEqual(holder.power_p1_kw, 6.928)
        self.assertIn("corrected the final data", self._events(parent)[-1:].reason)
        # the first activation cannot be corrected under the newer conditions
        late = self._activation(
            first,
            "02",
            powers_w=(3450, 3450),
            date_activated=self.today - timedelta(60),
        )
        self.assertEqual(late.atr_message_ids.state, "error")
        self.assertIn("newer conditions", late.atr_message_ids.error)
        self.assertEqual(parent.power_p1_kw, 6.928)
