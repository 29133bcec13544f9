# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.energy_atr.tests.atr_common import DISTRIBUTOR_REE_CODE, OUR_REE_CODE
from odoo.addons.energy_atr.tools import atr_builder
from odoo.addons.energy_atr.tools.atr_answers import AtrAnswerFactory

from .dunning_common import DunningCase
from .test_dunning_guards import BYPASS_CONTEXTS


@tagged("post_install", "-at_install")
class TestDunningTermination(DunningCase):
    """After an executed cut with the debt unpaid, the contract is terminated
    for non-payment (B1 motivo 04) only when every rule passes; each rule
    refuses on its own whatever the context; the distributor's answers end
    the contract; the reconnection owed after payment is watched."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.answers = AtrAnswerFactory(
            sender=DISTRIBUTOR_REE_CODE, receiver=OUR_REE_CODE
        )

    def setUp(self):
        super().setUp()
        self.contract = self._contract()
        self.invoice = self._invoice(self.contract)
        self._serve(self._ladder_to_requerimiento(self.contract))
        planned = self.contract._dunning_next_cut_day(self.today + timedelta(days=1))
        self.cut, _refusals = self.contract._dunning_request_cut(planned)
        self.assertTrue(self.cut)

    def _import(self, builder, case, **kwargs):
        raw = getattr(self.answers, builder)(
            case.process, case.name, case.cups + "0F", **kwargs
        )
        return (
            self.env["energy.atr.import"]
            .with_user(self.backoffice)
            .import_file("answer.xml", raw)
        )

    def _execute_cut(self, on=None):
        case = self.cut.atr_case_ids
        self._import("acceptance", case, activation_type="B2")
        self._import("activation", case, date_activated=on or self.today)
        self.assertEqual(self.cut.state, "active")

    def _allowed(self):
        return self.cut.date_activated + relativedelta(months=2)

    def _terminate(self, planned=None, context=None, user=None):
        wizard = (
            self.env["energy.dunning.terminate"]
            .with_user(user or self.collector)
            .with_context(**(context or {}))
            .create(
                {
                    "contract_id": self.contract.id,
                    "date_planned": planned or self._allowed(),
                }
            )
        )
        return wizard.action_confirm()

    def _terminations(self):
        return self.env["energy.contract"].search(
            [
                ("parent_contract_id", "=", self.contract.id),
                ("termination_reason", "=", "non_payment"),
            ]
        )

    def _assert_refused_by(self, label, planned=None):
        for context in BYPASS_CONTEXTS:
            with self.subTest(context=context):
                with self.assertRaisesRegex(UserError, label):
                    self._terminate(planned, context)
                with self.assertRaisesRegex(UserError, label):
                    self._terminate(
                        planned, context, user=self.env.ref("base.user_admin")
                    )
        self.assertFalse(self._terminations())

    def test_terminated_for_non_payment_by_the_distributors_answers(self):
        self._execute_cut()
        action = self._terminate()
        request = self._terminations()
        self.assertEqual(action["res_id"], request.id)
        self.assertEqual(
            (request.request_type, request.state, request.atr_process),
            ("termination", "submitted", "B1"),
        )
        message = request.atr_case_ids.atr_message_ids
        parsed = atr_builder.parse(message.attachment_id.raw)
        self.assertEqual((parsed.tipus, parsed.pas), ("B1", "01"))
        self.assertEqual(parsed.datos_solicitud.motivo, "04")
        guards = self._events(self.contract, "termination_guards")
        self.assertEqual(guards.new_value, "passed")
        case = request.atr_case_ids
        self._import("acceptance", case, activation_type="B2")
        self.assertEqual(request.state, "accepted")
        self._import("activation", case, date_activated=self._allowed())
        self.assertEqual(self.contract.state, "terminated")
        self.assertEqual(self.contract.termination_reason, "non_payment")
        self.assertEqual(self.contract.date_terminated, self._allowed())
        self.assertEqual(
            self._events(self.contract, "terminated_non_payment").new_value,
            request.name,
        )
        self.assertFalse(self.contract._verify_history()[self.contract][0])

    def test_a_rejected_termination_is_recorded(self):
        self._execute_cut()
        self._terminate()
        request = self._terminations()
        self._import("rejection", request.atr_case_ids, codes=("C8",))
        self.assertEqual(request.state, "rejected")
        event = self._events(self.contract, "termination_rejected")
        self.assertEqual(event.new_value, "C8")

    def test_no_executed_cut(self):
        planned = self.today + relativedelta(months=3)
        # the cut is still with the distributor
        self._assert_refused_by("Supply cut executed", planned)
        # writing the cut date on the point does not make an executed cut
        self.contract.supply_point_id.sudo().date_cut_for_debt = self.today
        self._assert_refused_by("Supply cut executed", planned)

    def test_debt_paid(self):
        self._execute_cut()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()
        self._assert_refused_by("Debt still unpaid")

    def test_waiting_period_since_the_cut(self):
        self._execute_cut()
        self._assert_refused_by(
            "Waiting period since the cut", self._allowed() - timedelta(days=1)
        )
        self.assertTrue(self._terminate(self._allowed()))

    def test_payment_plan_being_honoured(self):
        self._execute_cut()
        self._honoured_plan(self.invoice)
        self._assert_refused_by("Payment plan being honoured")

    def test_promise_to_pay_pending(self):
        self._execute_cut()
        self.env["energy.dunning.promise"].with_user(self.collector).create(
            {
                "contract_id": self.contract.id,
                "amount": 120.0,
                "date_promised": self._allowed() + timedelta(days=3),
            }
        )
        self._assert_refused_by("Promise to pay pending")

    def test_open_claim(self):
        self._execute_cut()
        self.env["helpdesk.ticket"].create(
            {
                "name": "Factura incorrecta",
                "description": "<p>No estoy de acuerdo.</p>",
                "partner_id": self.customer.id,
                "disputed_invoice_ref": self.invoice.name,
            }
        )
        self._assert_refused_by("Open claim about the invoices")

    def test_termination_already_requested(self):
        self._execute_cut()
        self._terminate()
        with self.assertRaisesRegex(UserError, "Termination already requested"):
            self._terminate()
        self.assertEqual(len(self._terminations()), 1)

    def test_only_collections_terminate(self):
        self._execute_cut()
        with self.assertRaises(UserError):
            self._terminate(user=self.backoffice)
        self.assertFalse(self._terminations())

    def test_paying_cancels_the_pending_termination(self):
        self._execute_cut()
        self._terminate()
        request = self._terminations()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()
        self.assertEqual(request.state, "cancelled")
        self.assertTrue(self._events(self.contract, "termination_cancelled"))

    def test_an_overdue_reconnection_is_flagged_by_the_cron(self):
        self._execute_cut()
        point = self.contract.supply_point_id
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()
        self.assertTrue(point.date_reconnection_due)
        Contract = self.env["energy.contract"]
        # within the 24 hours nothing is flagged
        self.assertFalse(Contract._cron_watch_reconnections())
        # nobody hides the deadline or the flag by writing them
        for vals in (
            {"date_reconnection_due": False},
            {"reconnection_overdue": True},
        ):
            for context in BYPASS_CONTEXTS:
                with self.assertRaises(UserError):
                    point.with_context(**context).sudo().write(vals)
        point._write_guarded(
            {"date_reconnection_due": fields.Datetime.now() - timedelta(hours=25)}
        )
        flagged = Contract._cron_watch_reconnections()
        self.assertEqual(flagged, self.contract)
        self.assertTrue(point.reconnection_overdue)
        self.assertTrue(self._events(self.contract, "reconnection_overdue"))
        self.assertTrue(
            self.contract.activity_ids.filtered(
                lambda a: a.summary == "Reconnection overdue"
            )
        )
        # flagged once
        self.assertFalse(Contract._cron_watch_reconnections())
        # the collector records the reconnection: late, in the history
        self.env["energy.dunning.reconnect"].with_user(self.collector).create(
            {"contract_id": self.contract.id}
        ).action_confirm()
        self.assertFalse(point.date_cut_for_debt)
        self.assertFalse(point.reconnection_overdue)
        self.assertEqual(self._events(self.contract, "reconnected").new_value, "late")
