# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .atr_common import AtrCase

SENT = datetime(2026, 10, 5, 9, 0)


@tagged("post_install", "-at_install")
class TestAtrReport(AtrCase):
    """Two distributors with known answers:

    - 0021, C1: six requests sent on 5 October; five answered with a 02
      after 1, 2, 3, 4 and 10 days (four acceptances, one of them later
      cancelled, and one rejection with reasons 03 and 36), one unanswered.
    - 0021, M1: one request accepted after 2 days, then our cancellation (06)
      answered (07) half a day later.
    - 0022, C1: two requests rejected (reason 03) after 20 and 30 days.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env.ref("energy_base.distributor_0022")
        cls.other.energy_ree_code = "0022"
        cls.reason_03 = cls.RejectReason._get_by_codes(["03"])["03"]
        states = ["activated", "accepted", "cancelled", "rejected", "accepted", "open"]
        cls.c1_cases = cls._cases(len(states), states=states)
        answers = [1, 2, 3, 4, 10, None]
        for case, days in zip(cls.c1_cases, answers, strict=True):
            cls._exchange(
                case, "01", SENT, "02", days, rejected=case.state == "rejected"
            )
        cls.m1_case = cls._cases(1, process="M1", states=["cancelled"])
        cls._exchange(cls.m1_case, "01", SENT, "02", 2)
        cls._exchange(cls.m1_case, "06", SENT + timedelta(days=3), "07", 0.5)
        cls.other_cases = cls._cases(2, distributor=cls.other, states=["rejected"] * 2)
        for case, days in zip(cls.other_cases, (20, 30), strict=True):
            cls._exchange(case, "01", SENT, "02", days, rejected=True, codes=("03",))
        # Not our request: never in the per-distributor figures.
        outgoing = cls._cases(1, states=["activated"], role="outgoing")
        cls.env.flush_all()
        cls.CaseReport = cls.env["energy.atr.report.case"]
        cls.Response = cls.env["energy.atr.report.response"]
        cls.Rejection = cls.env["energy.atr.report.rejection"]
        # only this world's cases: the demo database has switching cases too
        cases = cls.c1_cases | cls.m1_case | cls.other_cases | outgoing
        cls.domain = [("case_id", "in", cases.ids)]

    @classmethod
    def _cases(cls, count, process="C1", distributor=None, states=(), role="requester"):
        distributor = distributor or cls.distributor
        first = cls._next_cups
        cls._next_cups += count
        return cls.env["energy.atr.case"]._create_guarded(
            [
                {
                    "process": process,
                    "role": role,
                    "cups": f"ES{distributor.energy_ree_code}{first + n:012d}XY",
                    "distributor_id": distributor.id,
                    "state": state,
                    "date_opened": SENT,
                }
                for n, state in enumerate(states)
            ]
        )

    @classmethod
    def _exchange(
        cls, case, step, sent, answer_step, days, rejected=False, codes=("03", "36")
    ):
        """Our `step` on `sent` and, unless `days` is None, the distributor's
        applied `answer_step` that many days later (a rejection with `codes`
        when `rejected`)."""
        common = {
            "case_id": case.id,
            "process": case.process,
            "request_code": case.name,
            "cups": case.cups,
            "distributor_id": case.distributor_id.id,
        }
        vals_list = [
            {
                **common,
                "direction": "out",
                "state": "exported",
                "step": step,
                "date": sent,
            }
        ]
        if days is not None:
            answer = {
                **common,
                "direction": "in",
                "state": "applied",
                "step": answer_step,
                "date": sent + timedelta(days=days),
            }
            if rejected:
                reasons = cls.RejectReason._get_by_codes(list(codes))
                answer["reject_reason_ids"] = [
                    Command.set([reasons[code].id for code in codes])
                ]
            vals_list.append(answer)
        return cls.env["energy.atr.message"].create(vals_list)

    def _group(self, model, groupby, aggregates, domain=None, user=None):
        model = model.with_user(user) if user else model
        return model._read_group(self.domain + (domain or []), groupby, aggregates)

    # ------------------------------------------------------------------
    # Requests, acceptance and rejection rates
    # ------------------------------------------------------------------

    def test_requests_per_distributor_and_process(self):
        rows = self._group(
            self.CaseReport,
            ["distributor_id", "process"],
            [
                "__count",
                "accepted_count:sum",
                "rejected_count:sum",
                "pending_count:sum",
            ],
            user=self.reader,
        )
        self.assertEqual(
            sorted(
                (distributor.energy_ree_code, process, *counts)
                for distributor, process, *counts in rows
            ),
            [
                ("0021", "C1", 6, 4, 1, 1),
                ("0021", "M1", 1, 1, 0, 0),
                ("0022", "C1", 2, 0, 2, 0),
            ],
        )

    def test_acceptance_and_rejection_rates_count_answered_requests_only(self):
        rows = dict(
            (distributor, (acceptance, rejection))
            for distributor, acceptance, rejection in self._group(
                self.CaseReport,
                ["distributor_id"],
                ["acceptance_rate:avg", "rejection_rate:avg"],
                domain=[("process", "=", "C1")],
            )
        )
        # 0021: 4 accepted (one later cancelled) and 1 rejected of 5 answered.
        self.assertAlmostEqual(rows[self.distributor][0], 80.0)
        self.assertAlmostEqual(rows[self.distributor][1], 20.0)
        self.assertAlmostEqual(rows[self.other][0], 0.0)
        self.assertAlmostEqual(rows[self.other][1], 100.0)
        [(overall,)] = self._group(
            self.CaseReport,
            [],
            ["acceptance_rate:avg"],
            domain=[("process", "=", "C1")],
        )
        self.assertAlmostEqual(overall, 400 / 7)

    def test_rejections_by_reason(self):
        rows = self._group(
            self.Rejection,
            ["distributor_id", "reason_id"],
            ["__count"],
            user=self.reader,
        )
        self.assertEqual(
            sorted((d.energy_ree_code, r.code, count) for d, r, count in rows),
            [("0021", "03", 1), ("0021", "36", 1), ("0022", "03", 2)],
        )
        [(count,)] = self._group(
            self.Rejection,
            [],
            ["__count"],
            domain=[("reason_id", "=", self.reason_03.id)],
        )
        self.assertEqual(count, 3)

    # ------------------------------------------------------------------
    # Response times
    # ------------------------------------------------------------------

    def test_median_and_p90_per_distributor_process_and_step(self):
        rows = {
            (d.energy_ree_code, process, step): rest
            for d, process, step, *rest in self._group(
                self.Response,
                ["distributor_id", "process", "step"],
                [
                    "__count",
                    "answered_count:sum",
                    "response_days:avg",
                    "response_days_p50:p50",
                    "response_days_p90:p90",
                ],
                user=self.reader,
            )
        }
        count, answered, average, median, p90 = rows[("0021", "C1", "01")]
        self.assertEqual((count, answered), (6, 5))
        # [1, 2, 3, 4, 10]: median 3; P90 at rank 3.6 = 4 + 0.6 * (10 - 4)
        self.assertAlmostEqual(average, 4.0)
        self.assertAlmostEqual(median, 3.0)
        self.assertAlmostEqual(p90, 7.6)
        self.assertAlmostEqual(rows[("0021", "M1", "01")][3], 2.0)
        self.assertAlmostEqual(rows[("0021", "M1", "06")][3], 0.5)
        # [20, 30]: median 25, P90 = 20 + 0.9 * 10
        self.assertAlmostEqual(rows[("0022", "C1", "01")][3], 25.0)
        self.assertAlmostEqual(rows[("0022", "C1", "01")][4], 29.0)

    def test_p90_of_a_wider_group_is_computed_on_its_answers(self):
        [(median, p90)] = self._group(
            self.Response,
            [],
            ["response_days_p50:p50", "response_days_p90:p90"],
            domain=[("process", "=", "C1"), ("step", "=", "01")],
        )
        # [1, 2, 3, 4, 10, 20, 30]: median 4, P90 at rank 5.4 = 20 + 0.4 * 10,
        # not a mean of the two distributors' figures.
        self.assertAlmostEqual(median, 4.0)
        self.assertAlmostEqual(p90, 24.0)

    def test_answer_is_the_next_applied_message_of_the_case(self):
        row = self.Response.search(
            [("case_id", "=", self.m1_case.id), ("step", "=", "06")]
        )
        self.assertEqual(row.answer_step, "07")
        self.assertAlmostEqual(row.response_days, 0.5)
        first = self.Response.search(
            [("case_id", "=", self.m1_case.id), ("step", "=", "01")]
        )
        self.assertEqual(first.answer_step, "02")

    def test_pivot_reads_the_percentiles_as_declared(self):
        fields_info = self.Response.fields_get(
            ["response_days", "response_days_p50", "response_days_p90"], ["aggregator"]
        )
        self.assertEqual(
            {name: info["aggregator"] for name, info in fields_info.items()},
            {
                "response_days": "avg",
                "response_days_p50": "p50",
                "response_days_p90": "p90",
            },
        )
        measures = [
            f"{name}:{info['aggregator']}" for name, info in fields_info.items()
        ]
        groups = self.Response.with_user(self.reader).read_group(
            self.domain + [("distributor_id", "=", self.other.id)],
            measures,
            ["process"],
            lazy=False,
        )
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["response_days_p50"], 25.0)
        self.assertAlmostEqual(groups[0]["response_days_p90"], 29.0)

    def test_reports_need_an_energy_user(self):
        for report in (self.CaseReport, self.Response, self.Rejection):
            with self.assertRaises(AccessError):
                report.with_user(self.employee).search([])
