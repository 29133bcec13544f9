# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.energy_atr.tools import atr_builder

from .dunning_common import DunningCase

# Context keys a client could send hoping to relax a guard: none may.
BYPASS_CONTEXTS = (
    {},
    {"energy_dunning_skip_guards": True},
    {"skip_guards": True, "force": True, "energy_guard_released": True},
    {"energy_dunning_guards": [], "install_mode": True},
)


@tagged("post_install", "-at_install")
class TestDunningGuards(DunningCase):
    """Each rule of the law refuses a cut request on its own, says so, and no
    context key gets around it; when every rule passes the cut is a B1 with
    motivo 03."""

    def setUp(self):
        super().setUp()
        self.contract = self._contract()
        self.invoice = self._invoice(self.contract)
        self.requerimiento = self._ladder_to_requerimiento(self.contract)
        self._serve(self.requerimiento)  # due + 40: the 2 months have elapsed
        self.planned = self.contract._dunning_next_cut_day(
            self.today + timedelta(days=1)
        )

    def _request_cut(self, planned=None, context=None, user=None):
        wizard = (
            self.env["energy.dunning.cut"]
            .with_user(user or self.collector)
            .with_context(**(context or {}))
            .create(
                {
                    "contract_id": self.contract.id,
                    "date_planned": planned or self.planned,
                }
            )
        )
        return wizard.action_confirm()

    def _cut_requests(self):
        return self.env["energy.contract"].search(
            [
                ("parent_contract_id", "=", self.contract.id),
                ("termination_reason", "=", "non_payment_cut"),
            ]
        )

    def _assert_refused_by(self, label, planned=None):
        before = self._cut_requests()
        for context in BYPASS_CONTEXTS:
            with self.subTest(context=context):
                with self.assertRaisesRegex(UserError, label):
                    self._request_cut(planned, context)
                with self.assertRaisesRegex(UserError, label):
                    self._request_cut(
                        planned, context, user=self.env.ref("base.user_admin")
                    )
        self.assertEqual(self._cut_requests(), before)

    def test_every_rule_passes_and_the_cut_is_a_b1_with_motivo_03(self):
        action = self._request_cut()
        request = self._cut_requests()
        self.assertEqual(action["res_id"], request.id)
        self.assertEqual(
            (request.request_type, request.state, request.atr_process),
            ("termination", "submitted", "B1"),
        )
        self.assertEqual(request.date_activation_requested, self.planned)
        message = request.atr_case_ids.atr_message_ids
        self.assertEqual(len(message), 1)
        parsed = atr_builder.parse(message.attachment_id.raw)
        self.assertEqual((parsed.tipus, parsed.pas), ("B1", "01"))
        self.assertEqual(parsed.datos_solicitud.motivo, "03")
        guards = self._events(self.contract, "guards")
        self.assertEqual(guards.new_value, "passed")
        for rule in ("legal_period", "essential", "open_claim", "calendar"):
            self.assertIn(f'"{rule}"', guards.reason)
        self.assertEqual(
            self._events(self.contract, "cut_requested").new_value, request.name
        )
        self.assertFalse(self.contract._verify_history()[self.contract][0])

    def test_legal_period_not_elapsed(self):
        contract = self._contract()
        self._invoice(contract)
        self.contract = contract
        requerimiento = self.Line.search(
            [
                ("energy_contract_id", "=", contract.id),
                ("energy_notice_kind", "=", "requerimiento"),
            ]
        )
        self.assertFalse(requerimiento)
        self._assert_refused_by("Legal period since the served requerimiento")

    def test_legal_period_counts_from_the_served_date(self):
        early = self.requerimiento.energy_date_cut_allowed - timedelta(days=1)
        checks = {
            rule: passed
            for rule, passed, _v, _m in self.contract._dunning_cut_checks(early)
        }
        self.assertFalse(checks["legal_period"])
        allowed = self.requerimiento.energy_date_cut_allowed
        checks = {
            rule: passed
            for rule, passed, _v, _m in self.contract._dunning_cut_checks(allowed)
        }
        self.assertTrue(checks["legal_period"])

    def test_essential_supply(self):
        self.contract.supply_point_id.write(
            {"is_essential_supply": True, "essential_category": "07"}
        )
        self._assert_refused_by("Essential supply")

    def test_electro_dependent_consumer(self):
        self.contract.supply_point_id.is_electro_dependent = True
        self._assert_refused_by("Electro-dependent consumer")

    def test_open_claim_about_the_invoices(self):
        claim = self.env["helpdesk.ticket"].create(
            {
                "name": "Factura incorrecta",
                "description": "<p>No estoy de acuerdo con la factura.</p>",
                "partner_id": self.customer.id,
                "disputed_invoice_ref": self.invoice.name,
            }
        )
        self._assert_refused_by("Open claim about the invoices")
        claim.sudo()._write_guarded({"state": "resolved"})
        self.assertTrue(self._request_cut())

    def test_payment_plan_being_honoured(self):
        plan = self._honoured_plan(self.invoice)
        self._assert_refused_by("Payment plan being honoured")
        plan.with_user(self.collector).action_cancel()
        self.assertTrue(self._request_cut())

    def test_switch_in_progress(self):
        point = self.contract.supply_point_id
        self.Case._create_guarded(
            [
                {
                    "process": "C1",
                    "role": "outgoing",
                    "cups": point.cups[:20],
                    "supply_point_id": point.id,
                    "distributor_id": self.distributor.id,
                    "state": "open",
                }
            ]
        )
        self._assert_refused_by("Switch in progress")

    def test_planned_date_on_a_closed_day_or_its_eve(self):
        day = self.planned
        saturday = day + timedelta(days=(5 - day.weekday()) % 7)
        friday = saturday - timedelta(days=1)
        christmas = datetime.date(self.today.year + 1, 12, 25)
        self.env["energy.tariff.holiday"].create(
            {"date": self.planned, "name": "Fiesta local"}
        )
        for planned in (saturday, friday, christmas, christmas - timedelta(days=1)):
            with self.subTest(planned=planned):
                self._assert_refused_by("Permitted cut day", planned)

    def test_the_run_requests_the_cut_at_the_cut_level(self):
        run = self._run(102)
        line = run.line_ids.filtered(lambda li: li.invoice_id == self.invoice)
        self.assertEqual((line.level, line.channel), (5, "energy_cut"))
        self.assertEqual(line.state, "sent")
        request = self._cut_requests()
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "submitted")

    def test_the_run_keeps_a_refused_cut_to_send_with_its_reasons(self):
        self.contract.supply_point_id.is_electro_dependent = True
        run = self._run(102)
        line = run.line_ids.filtered(lambda li: li.invoice_id == self.invoice)
        self.assertEqual(line.state, "to_be_sent")
        self.assertFalse(self._cut_requests())
        guards = self._events(self.contract, "guards")
        self.assertEqual(guards.new_value, "refused")
        self.assertIn("Electro-dependent consumer", guards.reason)

    def test_only_collections_request_a_cut(self):
        with self.assertRaises(UserError):
            self._request_cut(user=self.backoffice)
        self.assertFalse(self._cut_requests())

    def test_paying_the_debt_cancels_the_pending_cut(self):
        self._request_cut()
        request = self._cut_requests()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.atr_case_ids.state, "cancel_requested")
        event = self._events(self.contract, "cut_cancelled")
        self.assertEqual(event.new_value, request.name)

    def test_paying_the_debt_after_the_cut_asks_for_reconnection(self):
        self._request_cut()
        request = self._cut_requests()
        with request._exit_checks_waived():
            request.sudo().action_accept()
            request.sudo().action_activate()
        self.assertEqual(self.contract.state, "active")
        self.assertEqual(
            self.contract.supply_point_id.date_cut_for_debt, request.date_activated
        )
        self.assertEqual(
            self._events(self.contract, "cut_executed").new_value, request.name
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()
        self.assertEqual(
            self._events(self.contract, "reconnection_due").new_value, request.name
        )
        self.assertTrue(self.contract.activity_ids)

    def test_a_cut_rejected_for_an_essential_supply_flags_the_point(self):
        self._request_cut()
        request = self._cut_requests()
        request.sudo().action_reject("Suministro esencial", code="32")
        point = self.contract.supply_point_id
        self.assertTrue(point.is_essential_supply)
        self.assertEqual(self._events(self.contract, "cut_rejected").new_value, "32")
        # the flag now stops any further cut request
        self._assert_refused_by("Essential supply", self.planned)

    def test_a_cut_rejected_as_already_cut_records_the_cut(self):
        self._request_cut()
        request = self._cut_requests()
        request.sudo().action_reject("Suministro ya cortado", code="35")
        self.assertTrue(self.contract.supply_point_id.date_cut_for_debt)
        self.assertFalse(self.contract.supply_point_id.is_essential_supply)
