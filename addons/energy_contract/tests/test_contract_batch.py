# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import tagged

from odoo.addons.energy_contract.models.lifecycle import CLOSED_STATES, STATES

from . import reporting_common


@tagged("post_install", "-at_install")
class TestContractBatch(reporting_common.ReportingCase):
    """Requests move in batches (a list selection, the switching addon, a
    scheduled action): the cost of a move does not depend on how many requests
    it carries, and one request that may not move stops the whole batch."""

    def _queries(self, function):
        """Queries run by `function`, including those run at commit time
        (chatter tracking)."""
        self.env.flush_all()
        self.env.cr.flush()
        before = self.cr.sql_log_count
        function()
        self.env.flush_all()
        self.env.cr.flush()
        return self.cr.sql_log_count - before

    def _lifecycle_queries(self, contracts):
        """Queries of each move from draft to accepted, for these requests."""
        validation = contracts.with_user(self.validator)
        with contracts._exit_checks_waived():
            return self._count_lifecycle_queries(contracts, validation)

    def _count_lifecycle_queries(self, contracts, validation):
        counts = [
            self._queries(contracts.action_request_documents),
            self._queries(contracts.action_to_validation),
            self._queries(validation.action_to_signature),
        ]
        self._sign(contracts, datetime(2026, 5, 4, 10, 0))
        counts += [
            self._queries(contracts.action_submit),
            self._queries(contracts.action_accept),
        ]
        return counts

    def test_100_requests_go_to_validation_in_a_fixed_number_of_queries(self):
        contracts = self._requests(100)
        contracts.action_request_documents()
        self.env.invalidate_all()
        with self.assertQueryCount(23), contracts._exit_checks_waived():
            contracts.action_to_validation()
        self.assertEqual(set(contracts.mapped("state")), {"validation"})
        self.assertEqual(len(contracts.phase_visit_ids), 200)

    def test_100_requests_are_activated_in_a_fixed_number_of_queries(self):
        contracts = self._requests(100)
        self._to_signature(contracts)
        self._sign(contracts, datetime(2026, 5, 4, 10, 0))
        with contracts._exit_checks_waived():
            contracts.action_submit()
            contracts.action_accept()
        self.env.invalidate_all()
        # a fixed number, the supply points' status included: the history
        # records the activation, no chatter message per request or point
        with self.assertQueryCount(30):
            contracts.action_activate()
        self.assertEqual(set(contracts.mapped("state")), {"active"})
        self.assertEqual(set(contracts.supply_point_id.mapped("status")), {"customer"})

    def test_the_cost_of_a_move_does_not_grow_with_the_batch(self):
        self._lifecycle_queries(self._requests(5))  # caches warm
        small = self._lifecycle_queries(self._requests(10))
        large = self._lifecycle_queries(self._requests(100))
        for step, (count_small, count_large) in enumerate(
            zip(small, large, strict=True)
        ):
            # ten times the requests: the same queries, give or take an
            # INSERT split every 100 rows (events, documents...)
            self.assertLessEqual(count_large, count_small + 5, f"step {step}")

    def test_one_request_in_another_phase_stops_the_whole_batch(self):
        ready = self._requests(5)
        self._to_validation(ready)
        behind = self._requests(1)
        batch = (ready | behind).with_user(self.validator)
        events = self.env["energy.contract.event"].search_count(
            [("contract_id", "in", batch.ids)]
        )
        messages = len(batch.message_ids)
        with self.assertRaisesRegex(
            UserError, f"{behind.name} cannot go from Draft to Signature"
        ):
            batch.action_to_signature()
        self.assertEqual(set(ready.mapped("state")), {"validation"})
        self.assertEqual(behind.state, "draft")
        self.assertEqual(
            self.env["energy.contract.event"].search_count(
                [("contract_id", "in", batch.ids)]
            ),
            events,
        )
        self.assertFalse(
            batch.phase_visit_ids.filtered(lambda v: v.state == "validation")
        )
        self.assertEqual(len(batch.message_ids), messages)

    def test_one_unsigned_request_stops_the_whole_submission(self):
        contracts = self._requests(4)
        self._to_signature(contracts)
        signed, unsigned = contracts[:3], contracts[3]
        self._sign(signed, datetime(2026, 5, 4, 10, 0))
        with self.assertRaisesRegex(
            UserError, f"{unsigned.name} cannot go to Submitted: .*has not signed"
        ):
            contracts.with_user(self.backoffice).action_submit()
        self.assertEqual(set(contracts.mapped("state")), {"signature"})
        self.assertFalse(any(contracts.mapped("date_submitted")))
        self.assertFalse(
            contracts.phase_visit_ids.filtered(lambda v: v.state == "signature")
        )

    def test_a_request_another_user_is_moving_is_refused_at_once(self):
        """Another transaction holds the row (a colleague saving, the switching
        import): the move is refused without waiting, nothing changes and the
        transaction can go on. The row must be committed for another
        connection to lock it: a demo request is."""
        draft = self.env["ir.model.data"].search(
            [
                ("module", "=", "energy_atr"),
                ("model", "=", "energy.contract"),
                ("name", "=like", "demo_request_%"),
            ]
        )
        contract = (
            self.Contract.browse(draft.mapped("res_id"))
            .filtered(lambda c: c.state == "draft")
            .sorted("id")[:1]
        )
        self.assertTrue(contract, "the demo data has draft requests")
        events = len(contract.event_ids)
        other = db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute(
                "SELECT id FROM energy_contract WHERE id = %s FOR UPDATE NOWAIT",
                [contract.id],
            )
            with self.assertRaisesRegex(UserError, "Someone else is changing"):
                contract.with_user(self.backoffice).action_cancel("Duplicate")
        finally:
            other.rollback()
            other.close()
        contract.invalidate_recordset()
        self.assertEqual(contract.state, "draft")
        self.assertEqual(len(contract.event_ids), events)
        # the lock is gone with the other transaction: the move goes through
        contract.with_user(self.backoffice).action_cancel("Duplicate")
        self.assertEqual(contract.state, "cancelled")

    def test_the_kanban_shows_every_open_phase_and_only_closed_ones_in_use(self):
        contracts = self._requests(3)
        self._to_validation(contracts[:1])
        domain = [("id", "in", contracts.ids)]
        columns = [
            group["state"]
            for group in self.Contract.read_group(domain, ["state"], ["state"])
        ]
        open_states = [s for s, _label in STATES if s not in CLOSED_STATES]
        self.assertEqual(columns, open_states)
        contracts[2].action_cancel("Customer changed their mind")
        columns = [
            group["state"]
            for group in self.Contract.read_group(domain, ["state"], ["state"])
        ]
        self.assertEqual(
            columns,
            [s for s, _label in STATES if s not in CLOSED_STATES or s == "cancelled"],
        )
