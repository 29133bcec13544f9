# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from . import reporting_common


@tagged("post_install", "-at_install")
class TestActivationReport(reporting_common.ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["energy.contract.activation.report"]

    def _activated(self, days_list, channel, requested=datetime(2026, 3, 2, 9, 0)):
        """One request per entry, activated that many days after it was made."""
        contracts = self._requests(len(days_list), channel_id=channel.id)
        contracts.write({"date_requested": requested})
        for contract, days in zip(contracts, days_list, strict=True):
            self._activate(contract, requested.date() + timedelta(days=days))
        return contracts

    def test_average_and_p90_per_channel(self):
        self._activated(range(1, 11), self.channel_a)
        [(channel, count, average, p90)] = self.Report.with_user(
            self.reader
        )._read_group(
            [("channel_id", "=", self.channel_a.id)],
            ["channel_id"],
            ["__count", "days_to_activation:avg", "days_to_activation_p90:p90"],
        )
        self.assertEqual((channel, count), (self.channel_a, 10))
        self.assertAlmostEqual(average, 5.5)
        self.assertAlmostEqual(p90, 9.1)

    def test_p90_of_a_wider_group_is_computed_on_its_requests(self):
        self._activated([1, 2, 3], self.channel_a)
        self._activated([10, 20, 30], self.channel_b)
        [(month, p90)] = self.Report._read_group(
            [("channel_id", "in", (self.channel_a | self.channel_b).ids)],
            ["date_activated:year"],
            ["days_to_activation_p90:p90"],
        )
        # the P90 of the six requests, not the mean of each channel's P90
        self.assertEqual(month.year, 2026)
        self.assertAlmostEqual(p90, 25.0)

    def test_pivot_reads_average_and_p90_by_month(self):
        self._activated([4, 8], self.channel_a)
        fields_info = self.Report.fields_get(
            ["days_to_activation", "days_to_activation_p90"], ["aggregator"]
        )
        measures = [
            f"{name}:{info['aggregator']}" for name, info in fields_info.items()
        ]
        groups = self.Report.with_user(self.reader).read_group(
            [("channel_id", "=", self.channel_a.id)],
            measures,
            ["date_activated:month"],
            lazy=False,
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["__count"], 2)
        self.assertAlmostEqual(groups[0]["days_to_activation"], 6.0)
        self.assertAlmostEqual(groups[0]["days_to_activation_p90"], 7.6)

    def test_days_count_from_the_spanish_date_of_the_request(self):
        contract = self._requests(1, channel_id=self.channel_a.id)
        # 23:30 UTC on 1 March is already 2 March in Madrid
        contract.write({"date_requested": datetime(2026, 3, 1, 23, 30)})
        self._activate(contract, date(2026, 3, 12))
        report = self.Report.search([("channel_id", "=", self.channel_a.id)])
        self.assertEqual(report.days_to_activation, 10.0)

    def test_requests_not_activated_are_left_out(self):
        activated = self._activated([5], self.channel_a)
        waiting = self._requests(2, channel_id=self.channel_a.id)
        self._to_signature(waiting[0])
        waiting[1].with_user(self.backoffice).action_cancel("Solicitud duplicada")
        report = self.Report.search([("channel_id", "=", self.channel_a.id)])
        self.assertEqual(report.contract_id, activated)

    def test_an_employee_without_an_energy_role_cannot_read_it(self):
        self._activated([5], self.channel_a)
        with self.assertRaises(AccessError):
            self.Report.with_user(self.employee).search_count([])


@tagged("post_install", "-at_install")
class TestPhaseVisits(reporting_common.ReportingCase):
    def test_leaving_a_phase_in_time_records_an_on_time_visit(self):
        with freeze_time("2026-11-23 08:00:00"):  # Monday
            contract = self._requests(1)
            deadline = contract.phase_deadline
        with freeze_time("2026-11-23 10:00:00"):
            contract.action_request_documents()
        visit = contract.phase_visit_ids
        self.assertEqual(visit.state, "draft")
        self.assertEqual(visit.date_entered, datetime(2026, 11, 23, 8, 0))
        self.assertEqual(visit.date_left, datetime(2026, 11, 23, 10, 0))
        self.assertEqual(visit.deadline, deadline)
        self.assertTrue(visit.on_time)
        self.assertEqual(visit.sla_compliance, 100.0)
        self.assertAlmostEqual(visit.hours, 2.0)
        self.assertEqual(visit.hours_late, 0.0)

    def test_leaving_a_phase_after_its_deadline_records_a_late_visit(self):
        with freeze_time("2026-11-23 08:00:00"):
            contract = self._requests(1)
            contract.action_request_documents()
            deadline = contract.phase_deadline
        left = deadline + timedelta(hours=30)
        with freeze_time(left):
            with contract._exit_checks_waived():
                contract.action_to_validation()
        visit = contract.phase_visit_ids.filtered(lambda v: v.state == "documentation")
        self.assertFalse(visit.on_time)
        self.assertEqual(visit.sla_compliance, 0.0)
        self.assertAlmostEqual(visit.hours_late, 30.0)

    def test_sla_compliance_is_the_share_of_visits_left_on_time(self):
        with freeze_time("2026-11-23 08:00:00"):
            contracts = self._requests(4, channel_id=self.channel_b.id)
            contracts.action_request_documents()
        on_time, late = contracts[:3], contracts[3:]
        with freeze_time("2026-11-24 08:00:00"):
            with on_time._exit_checks_waived():
                on_time.action_to_validation()
        with freeze_time("2026-12-23 08:00:00"):
            with late._exit_checks_waived():
                late.action_to_validation()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_contract.energy_contract_phase_visit_action"
        )
        domain = safe_eval(action["domain"]) + [("channel_id", "=", self.channel_b.id)]
        compliance = dict(
            self.env["energy.contract.phase.visit"]
            .with_user(self.reader)
            ._read_group(domain, ["state"], ["sla_compliance:avg"])
        )
        self.assertAlmostEqual(compliance["documentation"], 75.0)
        self.assertAlmostEqual(compliance["draft"], 100.0)

    def test_phases_without_deadline_stay_out_of_the_sla_report(self):
        contract = self._requests(1, channel_id=self.channel_b.id)
        self._to_validation(contract)
        contract.with_user(self.validator).action_reject("Scoring negativo")
        contract.with_user(self.backoffice).action_reset_to_draft()
        rejected = contract.phase_visit_ids.filtered(lambda v: v.state == "rejected")
        self.assertFalse(rejected.has_deadline)
        self.assertTrue(rejected.on_time)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_contract.energy_contract_phase_visit_action"
        )
        shown = self.env["energy.contract.phase.visit"].search(
            safe_eval(action["domain"]) + [("contract_id", "=", contract.id)]
        )
        self.assertNotIn(rejected, shown)
        self.assertEqual(
            shown.mapped("state"), ["validation", "documentation", "draft"]
        )

    def test_visits_are_read_by_users_and_written_by_nobody(self):
        contract = self._requests(1)
        contract.action_request_documents()
        visit = contract.phase_visit_ids.with_user(self.reader)
        self.assertEqual(visit.state, "draft")
        with self.assertRaises(AccessError):
            visit.with_user(self.backoffice).write({"on_time": False})
        with self.assertRaises(AccessError):
            visit.with_user(self.employee).read(["state"])


@tagged("post_install", "-at_install")
class TestOperationsViews(reporting_common.ReportingCase):
    """The kanban and list of Contract Requests: SLA colours and filters."""

    def _filter_domain(self, name):
        view = self.env.ref("energy_contract.energy_contract_view_search")
        arch = etree.fromstring(view.arch)
        [node] = arch.xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"), {"uid": self.env.uid})

    def test_overdue_filter_finds_open_requests_past_their_deadline(self):
        with freeze_time("2026-11-02 09:00:00"):
            contracts = self._requests(3, channel_id=self.channel_a.id)
            contracts.action_request_documents()
        overdue, in_time, closed = contracts
        with freeze_time("2026-11-20 09:00:00"):
            with in_time._exit_checks_waived():
                in_time.action_to_validation()
            closed.action_cancel("El cliente desiste antes de firmar")
            domain = (
                self._filter_domain("open")
                + self._filter_domain("overdue")
                + [("channel_id", "=", self.channel_a.id)]
            )
            found = self.Contract.with_user(self.reader).search(domain)
        self.assertEqual(found, overdue)

    def test_kanban_cards_are_coloured_by_sla(self):
        with freeze_time("2026-11-23 08:00:00"):  # Monday
            documentation, validation = self._requests(2)
            (documentation | validation).action_request_documents()
        with freeze_time("2026-11-24 08:00:00"):
            with validation._exit_checks_waived():
                validation.action_to_validation()
        with freeze_time("2026-11-27 08:00:00"):  # Friday
            new = self._requests(1)
            contracts = documentation | validation | new
            contracts.invalidate_recordset(["sla_status", "is_overdue"])
            # documentation (five working days) ends today: due soon;
            # validation (two working days) ended on Wednesday: overdue;
            # a draft of this morning: on time
            self.assertEqual(
                contracts.mapped("sla_status"), ["due_soon", "overdue", "on_time"]
            )


@tagged("post_install", "-at_install")
class TestDocumentRework(reporting_common.ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.id_card, cls.invoice = cls.env["energy.contract.document.type"].create(
            [
                {"name": "DNI del titular (prueba)", "code": "REP_TEST_ID"},
                {"name": "Última factura (prueba)", "code": "REP_TEST_INVOICE"},
            ]
        )
        cls.Report = cls.env["energy.contract.document.report"]

    def _documents(self, contract):
        """The two documents asked for by hand, sent by the customer."""
        documents = (
            self.env["energy.contract.document"]
            .with_user(self.backoffice)
            .create(
                [
                    {"contract_id": contract.id, "document_type_id": doc_type.id}
                    for doc_type in (self.id_card, self.invoice)
                ]
            )
        )
        for document in documents:
            document.action_receive(self._scan(contract))
        return documents

    def _scan(self, contract):
        return (
            self.env["ir.attachment"]
            .with_user(self.backoffice)
            .create(
                {
                    "name": "escaneo.pdf",
                    "raw": b"%PDF-1.4 scan",
                    "res_model": "energy.contract",
                    "res_id": contract.id,
                }
            )
        )

    def test_rejection_rate_counts_every_decision_per_document(self):
        contract = self._requests(1, channel_id=self.channel_a.id)
        contract.action_request_documents()
        id_card, invoice = self._documents(contract).with_user(self.validator)
        id_card.action_reject("unreadable")
        id_card.with_user(self.backoffice).action_receive(self._scan(contract))
        (id_card | invoice).action_validate()
        rows = self.Report.with_user(self.reader).search(
            [("contract_id", "=", contract.id)]
        )
        self.assertEqual(
            sorted(rows.mapped("decision")), ["rejected", "validated", "validated"]
        )
        rates = dict(
            self.Report.with_user(self.reader)._read_group(
                [("contract_id", "=", contract.id)],
                ["document_name"],
                ["rejection_rate:avg"],
            )
        )
        self.assertAlmostEqual(rates["DNI del titular (prueba)"], 50.0)
        self.assertAlmostEqual(rates["Última factura (prueba)"], 0.0)
        [(overall,)] = self.Report._read_group(
            [("channel_id", "=", self.channel_a.id)], [], ["rejection_rate:avg"]
        )
        self.assertAlmostEqual(overall, 100 / 3)

    def test_documents_only_received_are_not_decisions(self):
        contract = self._requests(1)
        contract.action_request_documents()
        self._documents(contract)
        self.assertFalse(self.Report.search([("contract_id", "=", contract.id)]))

    def test_an_employee_without_an_energy_role_cannot_read_it(self):
        with self.assertRaises(AccessError):
            self.Report.with_user(self.employee).search_count([])


@tagged("post_install", "-at_install")
class TestReportingTour(HttpCase):
    def test_kanban_overdue_filter_and_activation_pivot(self):
        """On the demo data: SLA colours and the Overdue filter of the kanban,
        then the time-to-activation pivot with its P90 in the web client."""
        user = self.env.ref("energy_base.user_demo_backoffice")
        self.assertTrue(
            self.env["energy.contract"]
            .with_user(user)
            .search_count([("is_overdue", "=", True)])
        )
        self.start_tour(
            "/odoo/action-energy_contract.energy_contract_action",
            "energy_contract_reporting_tour",
            login=user.login,
        )
