# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import new_test_user, tagged

from .commission_common import SIGNED, CommissionCase

MARCH = date(2026, 3, 1)
SUBMITTED = datetime(2026, 3, 1, 9, 0)


@tagged("post_install", "-at_install")
class TestCommissionScorecard(CommissionCase):
    """Channel B's March: five requests, their fate, the money. Figures by
    hand."""

    def _march(self, count):
        return self._contracts(self.channel_b, count=count, date_requested=SUBMITTED)

    def setUp(self):
        super().setUp()
        kept, churned, withdrawn, rejected, _draft = self._march(5)
        self.kept = kept
        self._activate(kept | churned)  # 10 March: 9 days after submission
        self._activate(withdrawn, date_activated=date(2026, 3, 5))  # 4 days
        e1 = self.Contract.with_user(self.backoffice).create(
            {
                "partner_id": withdrawn.partner_id.id,
                "supply_point_id": withdrawn.supply_point_id.id,
                "parent_contract_id": withdrawn.id,
                "request_type": "withdrawal",
                "date_requested": datetime(2026, 3, 12, 10, 0),
            }
        )
        self._activate(e1, date(2026, 3, 13), datetime(2026, 3, 12, 10, 0))
        self.Line._cron_earn(date(2026, 4, 1))
        with churned._exit_checks_waived():
            churned.with_user(self.manager).action_terminate(
                "Switched (C1-06)", "switched_to_competitor", date(2026, 5, 10)
            )
        rejected = rejected.with_user(self.manager)
        with rejected._exit_checks_waived():
            rejected.action_request_documents()
            rejected.action_to_validation()
            rejected.action_to_signature()
            rejected._write_guarded({"date_signed": SIGNED})
            rejected.action_submit()
            rejected.action_reject("CUPS inexistente", "03")

    def _row(self, month, user=None):
        Scorecard = self.env["energy.commission.scorecard"]
        if user:
            Scorecard = Scorecard.with_user(user)
        return Scorecard.search(
            [("channel_id", "=", self.channel_b.id), ("month", "=", month)]
        )

    def test_march_cohort(self):
        row = self._row(MARCH)
        self.assertEqual(len(row), 1)
        self.assertEqual(
            (
                row.submission_count,
                row.activation_count,
                row.activation_rate,
                row.activation_days_median,
                row.rejection_count,
                row.withdrawal_count,
                row.churn_6_count,
                row.churn_12_count,
            ),
            (5, 3, 60.0, 9.0, 1, 1, 1, 1),
        )
        # lasting supplies: 3 activated − 1 withdrawn − 1 churned = 1 of 5
        self.assertEqual(row.quality_score, 20.0)
        # 40 € for each of the two earned lines; the withdrawn one was
        # cancelled before it was earned
        self.assertEqual(row.commission_amount, 80.0)
        self.assertEqual(row.clawback_amount, 0.0)
        better = self.env["energy.commission.scorecard"].search_count(
            [("month", "=", MARCH), ("quality_score", ">", row.quality_score)]
        )
        self.assertEqual(row.rank, better + 1)

    def test_claims_per_100_activations(self):
        self.assertEqual(
            (self._row(MARCH).claim_count, self._row(MARCH).claims_per_100), (0, 0.0)
        )
        self.env["helpdesk.ticket"].create(
            [
                {
                    "name": name,
                    "description": "<p>No me explicaron las condiciones.</p>",
                    "partner_id": self.kept.partner_id.id,
                    "contract_id": self.kept.id,
                }
                for name in ("Venta engañosa", "Condiciones distintas de las ofrecidas")
            ]
        )
        self.env["energy.commission.scorecard"].invalidate_model()
        row = self._row(MARCH)
        # two claims about March's requests, three of which were activated
        self.assertEqual(row.claim_count, 2)
        self.assertEqual(row.claims_per_100, 66.7)

    def test_clawback_counts_in_its_month(self):
        # 40 × 123/184 (see test_commission_lines) returned in May
        may = self._row(date(2026, 5, 1))
        self.assertEqual(may.clawback_amount, 26.74)
        self.assertEqual(may.submission_count, 0)
        self.assertFalse(may.quality_score)

    def test_a_channel_sees_only_its_own_scorecard(self):
        contact = self.env["res.partner"].create(
            {"name": "Lucía Ferrer Vidal", "parent_id": self.channel_a.id}
        )
        user_a = new_test_user(
            self.env, "com_score_a", groups="base.group_portal", partner_id=contact.id
        )
        self.assertFalse(self._row(MARCH, user_a))
        seen = self.env["energy.commission.scorecard"].with_user(user_a).search([])
        self.assertLessEqual(set(seen.channel_id.ids), {self.channel_a.id})
