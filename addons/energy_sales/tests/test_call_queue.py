# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import SalesCase
from .test_call_guard import BYPASS_KEYS


class TestCallQueue(SalesCase):
    """Agents' daily queue: call-backs due, leads never called, retries after
    no answer; Next Call takes one lead at a time; only leads with a recorded
    request or consent (RD 88/2026) ever enter it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Telemarketing Norte",
                "call_retry_hours": 4,
                "call_retry_max": 2,
                "call_claim_minutes": 30,
                "member_ids": [Command.set([cls.agent.id, cls.other_agent.id])],
            }
        )
        cls.campaign = cls.env["utm.campaign"].create({"name": "List 2026-12"})
        cls.backoffice = cls.env["res.users"].search([("login", "=", "backoffice")])
        cls.now = fields.Datetime.now()

    def _queue_lead(self, name, user=None, consent=True, **values):
        values.setdefault("team_id", self.team)
        campaign = values.pop("campaign_id", False)
        lead = self.Lead.browse(self._lead(name=name, consent=consent, **values).id)
        if campaign:
            lead.campaign_id = campaign
        if user is not None:
            lead.user_id = user
        return lead

    def _call(self, lead, outcome, hours_ago, **values):
        """A call logged `hours_ago` hours ago (the wizard logs calls now)."""
        return (
            self.env["crm.phonecall"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Call",
                    "opportunity_id": lead.id,
                    "direction": "out",
                    "date": self.now - timedelta(hours=hours_ago),
                    "outcome": outcome,
                    **values,
                }
            )
        )

    def _next(self, user=None, context=None):
        Lead = self.Lead.with_user(user or self.agent)
        if context:
            Lead = Lead.with_context(**context)
        action = Lead.action_next_call()
        if action.get("res_model") == "crm.lead":
            return self.Lead.browse(action["res_id"])
        self.assertEqual(action["tag"], "display_notification")
        return self.Lead

    def test_next_call_takes_call_backs_then_new_leads_then_retries(self):
        retry = self._queue_lead("Retry", self.agent)
        self._call(retry, "no_answer", hours_ago=5)
        new = self._queue_lead("New", self.agent)
        call_back = self._queue_lead("Call back", self.agent)
        self._call(
            call_back,
            "call_back",
            hours_ago=20,
            date_call_back=self.now - timedelta(hours=1),
        )
        self.assertEqual(
            (call_back.queue_reason, new.queue_reason, retry.queue_reason),
            ("call_back", "new", "retry"),
        )
        self.assertEqual(retry.next_call_at, retry.last_call_date + timedelta(hours=4))

        first = self._next()
        self.assertEqual(first, call_back)
        self.assertEqual(first.queue_taken_by_id, self.agent)
        # Until the call is logged, Next Call gives the same lead back.
        self.assertEqual(self._next(), call_back)
        self._log_call(call_back, outcome="interested")
        self.assertFalse(call_back.queue_taken_by_id)
        self.assertFalse(call_back.next_call_at)

        self.assertEqual(self._next(), new)
        self._log_call(new, outcome="no_answer")
        # Its retry is due in four hours; the older retry is due now.
        self.assertEqual(self._next(), retry)

    def test_call_back_later_today_is_in_my_queue_but_not_due(self):
        lead = self._queue_lead("Later", self.agent)
        self._call(
            lead,
            "call_back",
            hours_ago=1,
            date_call_back=self.now + timedelta(minutes=5),
        )
        self.assertFalse(self._next())
        action = self.Lead.with_user(self.agent).action_my_queue()
        self.assertEqual(action["res_model"], "crm.lead")
        mine = self.Lead.with_user(self.agent).search(action["domain"])
        self.assertIn(lead, mine)

    def test_retries_stop_after_the_team_limit(self):
        lead = self._queue_lead("Never answers", self.agent)
        self._call(lead, "no_answer", hours_ago=10)
        self.assertEqual(lead.queue_reason, "retry")
        self._call(lead, "no_answer", hours_ago=5)
        self.assertEqual(lead.no_answer_count, 2)
        self.assertFalse(lead.next_call_at)
        self.assertFalse(self._next())
        self.team.call_retry_max = 3
        self.assertEqual(lead.queue_reason, "retry")
        self.assertEqual(self._next(), lead)

    def test_logging_a_call_closes_the_call_back_activity(self):
        lead = self._queue_lead("Activity", self.agent)
        when = self.now + timedelta(days=1)
        self._log_call(lead, outcome="call_back", date_call_back=when)
        call_type = self.env.ref("mail.mail_activity_data_call")
        activity = lead.activity_ids.filtered(
            lambda activity: activity.activity_type_id == call_type
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(lead.next_call_at, when.replace(microsecond=0))
        self._log_call(lead, outcome="interested")
        self.assertFalse(activity.exists())
        self.assertFalse(lead.activity_ids)

    def test_lead_without_consent_never_enters_the_queue(self):
        lead = self._queue_lead("No consent", self.agent, consent=False)
        self.assertFalse(lead.next_call_at)
        self.assertFalse(self._next())
        self.assertFalse(self._next(context=BYPASS_KEYS))
        # Not even when its queue fields are forced as RPC or sudo could.
        lead.sudo().write(
            {"can_call": True, "next_call_at": self.now - timedelta(days=1)}
        )
        self.assertFalse(self._next())
        self.assertFalse(self._next(context=BYPASS_KEYS))
        mine = self.Lead.with_user(self.agent).search(
            self.Lead.with_user(self.agent).action_my_queue()["domain"]
        )
        self.assertNotIn(lead, mine)

    def test_withdrawn_consent_takes_the_lead_out_of_the_queue(self):
        lead = self._queue_lead("Withdraws", self.agent)
        self.assertEqual(lead.queue_reason, "new")
        lead.consent_basis = False
        self.assertFalse(lead.next_call_at)
        self.assertFalse(self._next())

    def test_an_unassigned_team_lead_goes_to_the_first_agent_who_takes_it(self):
        lead = self._queue_lead("Team lead", user=False)
        self.assertEqual(self._next(), lead)
        self.assertEqual(lead.user_id, self.agent)
        self.assertEqual(lead.queue_taken_by_id, self.agent)
        self.assertFalse(self._next(self.other_agent))

    def test_a_taken_lead_is_held_for_its_agent(self):
        lead = self._queue_lead("Held", self.agent)
        self.assertEqual(self._next(), lead)
        # The manager moves it to another agent while the first is calling.
        lead.user_id = self.other_agent
        self.assertFalse(self._next(self.other_agent))
        lead.queue_taken_at = self.now - timedelta(minutes=31)
        self.assertEqual(self._next(self.other_agent), lead)
        self.assertEqual(lead.queue_taken_by_id, self.other_agent)

    def test_who_took_a_lead_cannot_be_written_directly(self):
        lead = self._queue_lead("Unassigned", user=False)
        for context in ({}, BYPASS_KEYS):
            with self.assertRaises(AccessError):
                lead.with_user(self.other_agent).with_context(**context).write(
                    {"queue_taken_by_id": self.other_agent.id}
                )
        self.assertFalse(lead.queue_taken_by_id)
        self.assertEqual(self._next(), lead)

    def test_another_agents_lead_is_not_in_my_queue(self):
        self._queue_lead("Theirs", self.other_agent)
        self.assertFalse(self._next())

    # ------------------------------------------------------------------
    # Distribution wizard
    # ------------------------------------------------------------------

    def _campaign_leads(self, count, **values):
        return self.Lead.browse(
            [
                self._queue_lead(
                    f"Campaign {index}",
                    campaign_id=self.campaign,
                    team_id=self.env["crm.team"],
                    phone=f"6000000{index:02d}",
                    **values,
                ).id
                for index in range(count)
            ]
        )

    def _distribute(self, user):
        form = Form(self.env["energy.sales.queue.distribute"].with_user(user))
        form.campaign_id = self.campaign
        form.team_id = self.team
        wizard = form.save()
        self.assertEqual(wizard.user_ids, self.agent | self.other_agent)
        return wizard, wizard.action_distribute()

    def test_distribute_shares_a_campaign_round_robin(self):
        leads = self._campaign_leads(5)
        no_consent = self._queue_lead(
            "No consent",
            consent=False,
            campaign_id=self.campaign,
            team_id=self.env["crm.team"],
        )
        (leads | no_consent).write({"user_id": False})
        wizard, action = self._distribute(self.backoffice)
        self.assertEqual(action["params"]["type"], "success")
        first, second = sorted((self.agent, self.other_agent), key=lambda u: u.id)
        self.assertEqual(leads.mapped("user_id"), first | second)
        self.assertEqual(
            [lead.user_id for lead in leads.sorted("id")],
            [first, second, first, second, first],
        )
        self.assertEqual(set(leads.mapped("team_id")), {self.team})
        self.assertFalse(no_consent.user_id)
        # Nothing left to distribute.
        with self.assertRaisesRegex(UserError, "no unassigned lead"):
            wizard.action_distribute()

    def test_an_agent_cannot_distribute(self):
        self._campaign_leads(2).write({"user_id": False})
        with self.assertRaises(AccessError):
            self._distribute(self.agent)
        wizard = (
            self.env["energy.sales.queue.distribute"]
            .sudo()
            .create({"campaign_id": self.campaign.id, "team_id": self.team.id})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.agent).with_context(**BYPASS_KEYS).action_distribute()
