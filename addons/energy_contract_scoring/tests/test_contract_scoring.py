# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.energy_contract_document.tests import document_common
from odoo.addons.energy_contract_scoring.models import energy_contract_scoring_provider


class Bureau(energy_contract_scoring_provider.ExternalScoringProvider):
    """A credit bureau as an integrator would plug it in: the answer comes
    from a table instead of the network."""

    name = "bureau"
    label = "Credit bureau"

    def __init__(self, env, answers):
        super().__init__(env)
        self.answers = answers
        self.payloads = {}

    def _call_service(self, payloads):
        self.payloads = payloads
        return self.answers


@tagged("post_install", "-at_install")
class TestContractScoring(document_common.DocumentCase):
    """Configurable scoring with pass / manual review / fail thresholds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["energy.contract.scoring.rule"]
        cls.shipped_rules = Rule.search([])
        cls.shipped_rules.active = False
        cls.identity = Rule.create(
            {
                "name": "NIF del titular",
                "rule_type": "identity",
                "points": 40,
                "knockout": True,
            }
        )
        cls.age = Rule.create(
            {
                "name": "Antigüedad de la empresa",
                "rule_type": "company_age",
                "points": 30,
                "company_min_years": 2,
            }
        )
        # previous requests of the customer stand for its claims here
        cls.claims = Rule.create(
            {
                "name": "Reclamaciones",
                "rule_type": "claims",
                "points": 30,
                "claim_model": "energy.contract",
                "claim_partner_field": "partner_id",
                "claim_months": 12,
                "claim_tolerance": 2,
            }
        )
        cls.env.company.write(
            {"energy_scoring_pass_threshold": 70, "energy_scoring_fail_threshold": 40}
        )
        cls.validation.write({"check_documents": False, "check_scoring": True})

    def _score(self, contract, user=None):
        contract.with_user(user or self.validator).action_run_scoring()
        return contract.scoring_id

    def _founded(self, years):
        return date.today() - relativedelta(years=years)

    def test_holder_with_valid_nif_and_few_claims_passes(self):
        scoring = self._score(self._request())
        self.assertEqual(scoring.outcome, "pass")
        self.assertEqual(scoring.score, 100.0)
        lines = {line.rule_id: line for line in scoring.line_ids}
        self.assertEqual(lines[self.identity].status, "passed")
        self.assertEqual(lines[self.age].status, "skipped")
        self.assertEqual(lines[self.age].points_max, 0.0)
        self.assertEqual(scoring.user_id, self.validator)

    def test_nif_of_someone_else_than_the_holder_fails_whatever_the_total(self):
        other = self.env["res.partner"].create(
            {"name": "Luis Pardo Núñez", "vat": "ES00000000T"}
        )
        contract = self._request(partner_id=other.id)
        scoring = self._score(contract)
        self.assertEqual(scoring.outcome, "fail")
        identity = scoring.line_ids.filtered(lambda line: line.rule_id == self.identity)
        self.assertIn(self.customer.name, identity.input_value)

    def test_holder_change_does_not_compare_the_holder(self):
        other = self.env["res.partner"].create(
            {"name": "Luis Pardo Núñez", "vat": "ES00000000T"}
        )
        contract = self._request(
            partner_id=other.id, request_type="holder_change_switch"
        )
        self.assertEqual(self._score(contract).outcome, "pass")

    def test_young_company_needs_a_manual_review(self):
        contract = self._request(self.points[4], customer_founded_date=self._founded(1))
        scoring = self._score(contract)
        # identity 40 + claims 30 of 100
        self.assertEqual((scoring.score, scoring.outcome), (70.0, "pass"))
        self.age.points = 60
        scoring = self._score(contract)
        # identity 40 + claims 30 of 130
        self.assertEqual((scoring.score, scoring.outcome), (53.8, "manual"))

    def test_claims_above_the_tolerance_fail_the_rule(self):
        for point in self.points[1:3]:
            self._request(point)
        contract = self._request(self.points[3])
        lines = self._score(contract).line_ids
        claims = lines.filtered(lambda line: line.rule_id == self.claims)
        self.assertEqual((claims.status, claims.points), ("failed", 0.0))
        self.assertIn("3", claims.input_value)

    def test_claims_model_not_installed_is_skipped(self):
        self.claims.claim_model = "energy.claim.not.installed"
        claims = self._score(self._request()).line_ids.filtered(
            lambda line: line.rule_id == self.claims
        )
        self.assertEqual((claims.status, claims.points_max), ("skipped", 0.0))

    def test_debts_are_read_from_accounting_when_installed(self):
        self.shipped_rules.filtered(lambda r: r.rule_type == "debts").active = True
        scoring = self._score(self._request())
        debts = scoring.line_ids.filtered(lambda line: line.code == "debts")
        if "account.move" in self.env:
            self.assertEqual(debts.status, "passed")
        else:
            self.assertEqual((debts.status, debts.points_max), ("skipped", 0.0))
        self.assertTrue(debts.input_value)

    def test_thresholds_come_from_the_settings(self):
        contract = self._request(self.points[4], customer_founded_date=self._founded(1))
        self.age.points = 60
        settings = Form(self.env["res.config.settings"])
        settings.energy_scoring_pass_threshold = 50
        settings.save().execute()
        self.assertEqual(self._score(contract).outcome, "pass")

    def test_failed_scoring_blocks_the_exit_of_validation(self):
        other = self.env["res.partner"].create(
            {"name": "Luis Pardo Núñez", "vat": "ES00000000T"}
        )
        contract = self._request(partner_id=other.id)
        contract.action_to_validation()
        self._score(contract)
        with self.assertRaisesRegex(UserError, "the scoring failed"):
            contract.with_user(self.validator).action_to_signature()
        self.assertEqual(contract.state, "validation")

    def test_manual_review_blocks_the_exit_of_validation(self):
        self.age.points = 60
        contract = self._request(self.points[4], customer_founded_date=self._founded(1))
        contract.action_to_validation()
        self._score(contract)
        with self.assertRaisesRegex(UserError, "needs a manual review"):
            contract.with_user(self.validator).action_to_signature()

    def test_exit_needs_a_scoring(self):
        contract = self._request()
        contract.action_to_validation()
        with self.assertRaisesRegex(UserError, "has not been run"):
            contract.with_user(self.validator).action_to_signature()
        self._score(contract)
        contract.with_user(self.validator).action_to_signature()
        self.assertEqual(contract.state, "signature")

    def test_only_validation_runs_the_scoring(self):
        contract = self._request()
        with self.assertRaises(AccessError):
            contract.with_user(self.backoffice).action_run_scoring()
        self.assertFalse(contract.scoring_ids)

    def test_result_and_inputs_are_kept_as_evidence(self):
        contract = self._request()
        first = self._score(contract)
        second = self._score(contract)
        self.assertEqual(contract.scoring_id, second)
        self.assertEqual(contract.scoring_ids, first | second)
        with self.assertRaises(UserError):
            first.with_user(self.manager).write({"outcome": "fail"})
        event = self._events(contract, "scoring")[-1]
        self.assertEqual(event.new_value, "pass")
        self.assertEqual(event.attachment_ids, second.evidence_attachment_id)
        evidence = json.loads(second.evidence_attachment_id.raw)
        self.assertEqual(
            {c["name"] for c in evidence["criteria"]},
            set(second.line_ids.mapped("name")),
        )

    def test_external_provider_adds_its_criterion(self):
        contract = self._request()
        bureau = Bureau(self.env, {contract.id: {"ratio": 0.2, "reference": "EXP-77"}})
        internal = energy_contract_scoring_provider.InternalRulesProvider(self.env)
        scoring = contract.with_user(self.validator)._run_scoring(
            providers=[internal, bureau]
        )
        line = scoring.line_ids.filtered(lambda line: line.provider == "bureau")
        self.assertEqual(
            (line.status, line.points, line.points_max), ("failed", 6.0, 30.0)
        )
        self.assertEqual(line.input_value, "EXP-77")
        self.assertEqual(bureau.payloads[contract.id]["vat"], self.customer.vat)
        # identity 40 + claims 30 + bureau 6 of 100 (age is skipped)
        self.assertEqual((scoring.score, scoring.outcome), (76.0, "pass"))

    def test_shipped_external_stub_never_reaches_a_network(self):
        contract = self._request()
        stub = energy_contract_scoring_provider.ExternalScoringProvider(self.env)
        with self.assertRaises(NotImplementedError):
            stub(contract)

    def test_shipped_rules_cover_the_four_criteria(self):
        self.assertEqual(
            set(self.shipped_rules.mapped("rule_type")),
            {"debts", "identity", "claims", "company_age"},
        )
        self.assertEqual(sum(self.shipped_rules.mapped("points")), 100)
