# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
from collections import defaultdict
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.energy_contract.models.energy_contract import REQUEST_TYPES
from odoo.addons.energy_contract.models.lifecycle import CLOSED_STATES, STATES


@tagged("post_install", "-at_install")
class TestContractDemo(TransactionCase):
    """The demo database: requests generated at install by moving them with the
    real actions, then dated back over the last months."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        data = cls.env["ir.model.data"].search(
            [
                ("module", "=", "energy_atr"),
                ("model", "=", "energy.contract"),
                ("name", "=like", "demo_request_%"),
            ]
        )
        cls.requests = cls.env["energy.contract"].browse(data.mapped("res_id"))

    def _assert_demo_requests(self):
        """The loops below prove nothing on an empty database."""
        self.assertGreaterEqual(len(self.requests), 140, "the demo requests")

    def test_about_150_requests_in_every_phase_and_of_every_type(self):
        self.assertTrue(140 <= len(self.requests) <= 160, len(self.requests))
        self.assertEqual(
            set(self.requests.mapped("state")), {state for state, _label in STATES}
        )
        self.assertEqual(
            set(self.requests.mapped("request_type")),
            {request_type for request_type, _label in REQUEST_TYPES},
        )
        channels = self.requests.channel_id
        self.assertGreaterEqual(len(channels), 3)
        self.assertTrue(channels.filtered(lambda c: c.parent_id in channels))
        self.assertTrue(self.requests.filtered("sales_agent_id"))

    def test_each_history_ends_in_the_phase_of_its_request(self):
        events = self.env["energy.contract.event"].search(
            [
                ("contract_id", "in", self.requests.ids),
                ("event_type", "=", "state_change"),
            ],
            order="contract_id, sequence",
        )
        self._assert_demo_requests()
        last = {event.contract_id: event.new_value for event in events}
        self.assertEqual(set(last), set(self.requests))
        for request in self.requests:
            self.assertEqual(last[request], request.state, request.name)
            self.assertFalse(request.event_ids._verify_chain(), request.name)

    def test_phase_visits_follow_the_history_and_the_dates(self):
        changes = defaultdict(list)
        for event in self.env["energy.contract.event"].search(
            [
                ("contract_id", "in", self.requests.ids),
                ("event_type", "=", "state_change"),
                ("old_value", "!=", False),
            ],
            order="contract_id, sequence",
        ):
            changes[event.contract_id].append(event.old_value)
        self._assert_demo_requests()
        self.assertTrue(changes, "the demo requests changed phase")
        self.assertTrue(self.requests.phase_visit_ids)
        for request in self.requests:
            visits = request.phase_visit_ids.sorted("id")
            self.assertEqual(visits.mapped("state"), changes[request], request.name)
            if not visits:
                continue
            self.assertEqual(visits[0].date_entered, request.date_requested)
            for previous, following in zip(visits, visits[1:], strict=False):
                self.assertEqual(previous.date_left, following.date_entered)
            self.assertEqual(visits[-1].date_left, request.state_date, request.name)

    def test_time_per_phase_adds_up_to_the_life_of_each_request(self):
        hours = defaultdict(float)
        for row in self.env["energy.contract.phase.time"].search(
            [("contract_id", "in", self.requests.ids)]
        ):
            hours[row.contract_id] += row.hours
        self._assert_demo_requests()
        self.assertTrue(hours, "the demo requests spent time in their phases")
        for request in self.requests:
            # every clock segment closed so far: from the request to the
            # moment the current holder of the ball got it
            lived = request.blocking_since - request.date_requested
            self.assertAlmostEqual(
                hours[request],
                lived.total_seconds() / 3600,
                delta=0.05,
                msg=request.name,
            )

    def test_dates_spread_over_the_last_months(self):
        now = fields.Datetime.now()
        requested = self.requests.mapped("date_requested")
        self.assertGreater(min(requested), now - timedelta(days=300))
        self.assertLessEqual(max(requested), now)
        months = {(d.year, d.month) for d in requested}
        self.assertGreaterEqual(len(months), 4)
        activated = self.requests.filtered("date_activated")
        self.assertTrue(activated, "the demo has activated requests")
        for request in activated:
            self.assertGreater(request.date_activated, request.date_requested.date())
            self.assertGreater(request.date_accepted, request.date_submitted)
            self.assertGreater(request.date_submitted, request.date_signed)
        open_requests = self.requests.filtered(
            lambda r: r.state not in ("active", "terminated", "rejected", "cancelled")
        )
        self.assertTrue(open_requests.filtered("is_overdue"))
        self.assertTrue(open_requests.filtered(lambda r: not r.is_overdue))

    def test_the_generator_runs_once(self):
        count = self.env["energy.contract"].search_count([])
        self.assertFalse(self.env["energy.contract"]._demo_generate())
        self.assertEqual(self.env["energy.contract"].search_count([]), count)

    def test_time_per_phase_report_leaves_closed_phases_out(self):
        """Open requests' phases only: the months a contract stays active
        would otherwise dwarf every phase a request goes through."""
        self._assert_demo_requests()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_contract.energy_contract_phase_time_action"
        )
        Time = self.env["energy.contract.phase.time"]
        closed = set(CLOSED_STATES)
        self.assertTrue(closed & set(Time.search([]).mapped("state")))
        shown = Time.search(ast.literal_eval(action["domain"]))
        self.assertTrue(shown)
        self.assertFalse(closed & set(shown.mapped("state")))

    def test_each_history_tells_the_story_at_its_own_times(self):
        """The events of a demo request carry the times of the story (made the
        day it was requested, each phase change the day it happened), in the
        order of the chain, not all the instant the demo was installed."""
        self._assert_demo_requests()
        events = self.env["energy.contract.event"].search(
            [("contract_id", "in", self.requests.ids)], order="contract_id, sequence"
        )
        by_request = defaultdict(list)
        for event in events:
            by_request[event.contract_id].append(event)
        for request in self.requests:
            chain = by_request[request]
            self.assertEqual(chain[0].sequence, 1, request.name)
            self.assertEqual(chain[0].date, request.date_requested, request.name)
            dates = [event.date for event in chain]
            self.assertEqual(dates, sorted(dates), request.name)
        days = {event.date.date() for event in events}
        self.assertGreater(len(days), 60, "the story spans months")
        for request in self.requests[:20]:
            self.assertFalse(request.event_ids._verify_chain(), request.name)
