# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Scoring providers: who scores a batch of requests.

``energy.contract._get_scoring_providers()`` returns the providers that score
a request; each is a callable taking a recordset of requests and returning
``{request id: [criterion values]}``, where criterion values are dicts with:

- ``name``: the criterion, as shown to users;
- ``status``: ``"passed"``, ``"failed"`` or ``"skipped"`` (skipped criteria
  count neither in the points nor in the points at stake);
- ``input_value``: what the criterion looked at, in words (evidence);
- ``points`` and ``points_max``: points obtained and points at stake;
- optionally ``code``, ``knockout`` (a failure fails the scoring whatever the
  total) and ``rule_id``.

The suite ships :class:`InternalRulesProvider` (the editable rules of
Energy > Configuration > Scoring Rules). :class:`ExternalScoringProvider` is
the extension point for a credit bureau or fraud-check service: subclass it in
your addon, implement ``_call_service`` with your HTTP client (with a timeout),
and add an instance in an override of ``_get_scoring_providers``::

    class EnergyContract(models.Model):
        _inherit = "energy.contract"

        def _get_scoring_providers(self):
            return [*super()._get_scoring_providers(), MyBureau(self.env)]

Nothing here opens a network connection.
"""


class ScoringProvider:
    """Base of the providers: a name (stored on every criterion it gives) and
    a call over a batch of requests."""

    name = "provider"

    def __init__(self, env):
        self.env = env

    def __call__(self, contracts):
        raise NotImplementedError


class InternalRulesProvider(ScoringProvider):
    """The active scoring rules of the requests' companies."""

    name = "internal"

    def __call__(self, contracts):
        rules = (
            self.env["energy.contract.scoring.rule"]
            .sudo()
            .search([("company_id", "in", [False, *contracts.company_id.ids])])
        )
        return rules._evaluate(contracts)


class ExternalScoringProvider(ScoringProvider):
    """Stub of an external scoring service (no network in the suite).

    A subclass implements :meth:`_call_service`, which receives
    ``{request id: payload}`` (see :meth:`_prepare_payload`) and returns
    ``{request id: {"ratio": 0..1, "reference": "...", "detail": "..."}}``:
    the share of :attr:`points_max` the service grants and its own reference
    kept as evidence. Requests missing from the answer are recorded as
    skipped."""

    name = "external"
    label = "External scoring"
    points_max = 30.0
    pass_ratio = 0.5
    knockout = False

    def __call__(self, contracts):
        answers = self._call_service(
            {contract.id: self._prepare_payload(contract) for contract in contracts}
        )
        return {
            contract.id: [self._answer_to_values(answers.get(contract.id))]
            for contract in contracts
        }

    def _prepare_payload(self, contract):
        """What is sent about one request: identity and supply, nothing else."""
        partner = contract.partner_id.commercial_partner_id
        return {
            "reference": contract.name,
            "vat": partner.vat or "",
            "name": partner.name or "",
            "customer_type": contract.customer_type,
            "cups": contract.cups or "",
            "zip": contract.supply_point_id.zip or "",
        }

    def _call_service(self, payloads):
        raise NotImplementedError(
            f"{type(self).__name__} must implement _call_service() to reach its "
            "scoring service."
        )

    def _answer_to_values(self, answer):
        if not answer:
            return {
                "name": self.label,
                "code": self.name,
                "status": "skipped",
                "input_value": self.env._("no answer from the service"),
                "points": 0.0,
                "points_max": 0.0,
                "knockout": self.knockout,
            }
        ratio = min(max(float(answer.get("ratio") or 0.0), 0.0), 1.0)
        return {
            "name": self.label,
            "code": self.name,
            "status": "passed" if ratio >= self.pass_ratio else "failed",
            "input_value": " ".join(
                part for part in (answer.get("reference"), answer.get("detail")) if part
            ),
            "points": round(self.points_max * ratio, 2),
            "points_max": self.points_max,
            "knockout": self.knockout,
        }
