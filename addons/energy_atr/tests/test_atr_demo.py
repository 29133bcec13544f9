# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo.tests import TransactionCase, tagged

from ..models.atr_lifecycle import WAITING_STATES


@tagged("post_install", "-at_install")
class TestAtrDemo(TransactionCase):
    """The demo database: switching cases of energy_contract's demo requests,
    produced at install by the real pipeline (sent, exported, answered by
    imported files built with gestionatr, watched by the watchdog)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cases = cls._demo_records("energy.atr.case", "demo_atr_case_%")
        cls.imports = cls._demo_records("energy.atr.import", "demo_atr_import_%")
        cls.messages = cls.cases.atr_message_ids | cls.imports.atr_message_ids
        cls.requests = cls.cases.filtered(lambda c: c.role == "requester")

    @classmethod
    def _demo_records(cls, model, pattern):
        data = cls.env["ir.model.data"].search_fetch(
            [
                ("module", "=", "energy_atr"),
                ("model", "=", model),
                ("name", "=like", pattern),
            ],
            ["res_id"],
        )
        return cls.env[model].browse(data.mapped("res_id")).exists()

    def test_cases_over_several_processes_and_states(self):
        self.assertGreaterEqual(len(set(self.cases.mapped("state"))), 4)
        self.assertGreaterEqual(len(set(self.cases.mapped("process"))), 3)
        # energy_contract's demo requests, sent: one case each
        sent = self.requests.filtered(lambda c: c.process != "R1")
        self.assertTrue(sent)
        self.assertEqual(len(sent.contract_id), len(sent))
        self.assertTrue(self.cases.filtered(lambda c: c.role == "outgoing"))

    def test_messages_in_and_out_with_their_files(self):
        self.assertEqual(set(self.messages.mapped("direction")), {"in", "out"})
        self.assertTrue(all(self.messages.mapped("attachment_id")))
        outgoing = self.messages.filtered(lambda m: m.direction == "out")
        exported = outgoing.filtered(lambda m: m.state == "exported")
        self.assertTrue(exported)
        self.assertTrue(all(exported.mapped("export_id")))
        self.assertTrue(outgoing.filtered(lambda m: m.state == "to_send"))
        self.assertTrue(
            exported.export_id.filtered(lambda e: e.method == "folder"),
            "one distributor's files go through its folder transport",
        )

    def test_answers_come_after_the_request_they_answer(self):
        cases = self.requests.filtered("atr_message_ids")
        answers = cases.atr_message_ids.filtered(lambda m: m.direction == "in")
        self.assertTrue(answers, "the demo has cases answered by the distributor")
        for case in cases:
            sent = case.atr_message_ids.filtered(
                lambda m: m.direction == "out" and m.step == "01"
            )
            for answer in case.atr_message_ids - sent:
                self.assertGreaterEqual(answer.date, sent.date, case.name)

    def test_distributor_answers_moved_the_cases_and_requests(self):
        activated = self.requests.filtered(lambda c: c.state == "activated")
        self.assertTrue(activated)
        for case in activated:
            self.assertTrue(case.access_contract_code, case.name)
            self.assertEqual(case.contract_id.state, "active", case.name)
            self.assertEqual(case.contract_id.date_activated, case.date_activated)
            contract = case.contract_id
            self.assertGreater(contract.date_accepted, contract.date_submitted)
            self.assertGreater(contract.date_submitted, contract.date_signed)
        rejected = self.requests.filtered(lambda c: c.state == "rejected")
        self.assertGreaterEqual(len(rejected), 2)
        for case in rejected:
            self.assertTrue(case.reject_reason_ids, case.name)
            self.assertEqual(case.contract_id.state, "rejected", case.name)
        self.assertTrue(
            self.requests.filtered(
                lambda c: c.state == "incident" and c.contract_id.state == "incident"
            )
        )
        self.assertTrue(self.requests.filtered(lambda c: c.state in WAITING_STATES))

    def test_inbox_has_an_unknown_request_and_a_duplicate(self):
        inbox = self.messages.filtered("is_inbox")
        self.assertTrue(inbox)
        self.assertTrue(
            inbox.filtered(lambda m: m.state == "unmatched" and not m.case_id)
        )
        self.assertTrue(inbox.filtered(lambda m: m.state == "duplicate"))
        self.assertTrue(all(inbox.mapped("error")))

    def test_an_overdue_case_has_its_claim_drafted(self):
        claimed = self.cases.filtered(lambda c: c.watchdog_state == "claim_drafted")
        self.assertTrue(claimed)
        for case in claimed:
            self.assertTrue(case.is_overdue, case.name)
            self.assertEqual(case.claim_case_id.process, "R1")
            self.assertEqual(case.claim_case_id.state, "draft")
            self.assertIn(case.claim_case_id, self.cases)
        self.assertLessEqual(claimed, self.cases.search([("is_overdue", "=", True)]))

    def test_a_customer_switched_to_a_competitor(self):
        left = self.cases.filtered(
            lambda c: c.role == "outgoing" and c.state == "closed"
        )
        self.assertTrue(left)
        for case in left:
            contract = case.contract_id
            self.assertEqual(contract.state, "terminated")
            self.assertEqual(contract.termination_reason, "switched_to_competitor")
            self.assertEqual(contract.supply_point_id.status, "lost")

    def test_the_generator_runs_once(self):
        count = self.env["energy.atr.case"].search_count([])
        self.assertFalse(self.env["energy.atr.case"]._demo_generate())
        self.assertEqual(self.env["energy.atr.case"].search_count([]), count)

    def test_supply_point_button_opens_its_switching_cases(self):
        point = self.requests[0].supply_point_id
        backoffice = self.env.ref("energy_base.user_demo_backoffice")
        point = point.with_user(backoffice)
        expected = self.env["energy.atr.case"].search(
            [("supply_point_id", "=", point.id)]
        )
        self.assertIn(self.requests[0], expected)
        self.assertEqual(point.atr_case_count, len(expected))
        action = point.action_view_atr_cases()
        self.assertEqual(
            self.env["energy.atr.case"].with_user(backoffice).search(action["domain"]),
            expected,
        )

    def test_distributors_answer_after_days_at_their_own_pace(self):
        """The response times report reads like a real month: answers come
        days after we sent, at a pace that differs between distributors."""
        rows = self.env["energy.atr.report.response"].search(
            [("case_id", "in", self.cases.ids), ("answer_id", "!=", False)]
        )
        self.assertGreaterEqual(len(rows), 10)
        self.assertTrue(all(row.response_days >= 1 for row in rows))
        by_distributor = defaultdict(list)
        for row in rows:
            by_distributor[row.distributor_id].append(row.response_days)
        averages = {sum(days) / len(days) for days in by_distributor.values()}
        self.assertGreater(len(averages), 1)
