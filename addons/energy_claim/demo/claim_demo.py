# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo claims: the customers of the demo company's requests (the `customer`
portal login first) claim about their bills, readings, switches and sales,
in Spanish, received over the last weeks by the different origins. Customer
service (`service`) works them through the real actions: some taken in
hand, some waiting for the customer, a few sent to the distributor as R1,
some resolved with their answer letter. Deterministic; runs once.

Not imported with the addon: ``helpdesk.ticket._demo_generate_claims``
(called by ``demo/energy_claim_demo.xml``) imports it when it runs."""

import datetime
import random

from odoo import fields

# (subtype, title, description) of the demo claims, in Spanish.
STORIES = [
    (
        "009",
        "Lectura facturada muy superior a la real",
        "La factura recoge una lectura de 8.450 kWh y el contador marca 7.910 kWh.",
    ),
    (
        "008",
        "Cobro de alquiler de contador duplicado",
        "En la última factura aparece dos veces el alquiler del equipo de medida.",
    ),
    (
        "103",
        "Precio de la energía distinto del contratado",
        "Contraté 0,129 €/kWh en punta y me facturan a 0,158 €/kWh.",
    ),
    (
        "110",
        "No entiendo los conceptos de la factura",
        "Solicito que me expliquen el término de potencia y el bono social.",
    ),
    (
        "113",
        "El comercial dijo que no cambiaba de compañía",
        "Un comercial vino a casa y firmé creyendo que era una revisión.",
    ),
    (
        "107",
        "No me informaron del derecho de desistimiento",
        "No recibí las condiciones ni el formulario de desistimiento.",
    ),
    (
        "102",
        "Cargo duplicado en la cuenta bancaria",
        "Me han cargado dos veces el recibo de octubre.",
    ),
    (
        "003",
        "El contador no marca el consumo",
        "La pantalla del contador está apagada desde hace una semana.",
    ),
    (
        "028",
        "Corte de suministro sin aviso previo",
        "Me cortaron la luz estando al corriente de pago.",
    ),
    (
        "013",
        "Cambio de comercializadora que no solicité",
        "He recibido la carta de bienvenida de otra comercializadora.",
    ),
    (
        "001",
        "Atención telefónica incorrecta",
        "Me colgaron tres veces al intentar hablar con un agente.",
    ),
    (
        "040",
        "Solicito duplicado de la factura de agosto",
        "Necesito el duplicado para presentarlo en el ayuntamiento.",
    ),
]
# What happens to each claim, in order (repeated over the claims).
PLAN = [
    "received",
    "in_progress",
    "resolved",
    "waiting_customer",
    "in_progress",
    "resolved",
    "received",
    "waiting_other",
    "resolved",
    "in_progress",
]
ORIGINS = ["phone", "email", "portal", "letter", "office"]
CLAIM_COUNT = 150
# Resolved claims render their answer letter (a PDF each): a few dozen.
RESOLVED_COUNT = 16
# The satisfaction scores the demo customers give, in turn (None: no answer).
CSAT_SCORES = [5, 4, None, 5, 2, 3, 5, 1, None, 4]
R1_SUBTYPE = "009"
R1_CLAIMS = 2
# The distributor's closure detail (table 73): reading claim, favourable,
# "se anula estimación".
R1_DETAIL = "0090102"


class ClaimDemo:
    def __init__(self, env):
        self.env = env
        self.Ticket = env["helpdesk.ticket"]

    def generate(self):
        if self.Ticket.search_count([("tracking_code", "!=", False)], limit=1):
            return False
        contracts = self._contracts()
        if not contracts:
            return False
        rnd = random.Random(12)
        now = fields.Datetime.now()
        service = self.env["res.users"].search([("login", "=", "service")], limit=1)
        subtypes = {s.code: s for s in self.env["energy.claim.subtype"].search([])}
        vals_list = []
        for index in range(CLAIM_COUNT):
            contract = contracts[index % len(contracts)]
            code, title, text = STORIES[index % len(STORIES)]
            received = now - datetime.timedelta(
                days=rnd.randint(0, 40), hours=rnd.randint(0, 9)
            )
            vals_list.append(
                {
                    "name": title,
                    "description": f"<p>{text}</p>",
                    "partner_id": contract.partner_id.id,
                    "contract_id": contract.id,
                    "supply_point_ids": [(6, 0, contract.supply_point_id.ids)],
                    "claim_subtype_id": subtypes[code].id,
                    "origin": ORIGINS[index % len(ORIGINS)],
                    "date_received": received,
                    "user_id": service.id if index % 3 else False,
                    "priority": str(rnd.choice([0, 1, 1, 2])),
                    "disputed_invoice_ref": f"FE26-{rnd.randint(100000, 999999)}"
                    if code in ("008", "009", "103", "040")
                    else False,
                    "amount_claimed": round(rnd.uniform(25, 420), 2)
                    if code in ("008", "009", "102", "103")
                    else 0,
                }
            )
        claims = self.Ticket.with_context(mail_notrack=True).create(vals_list)
        self._move(claims)
        self._open_r1(claims)
        return claims

    def _contracts(self):
        """Requests of the demo company with a customer and a supply point,
        the `customer` login's own first."""
        Contract = self.env["energy.contract"]
        contracts = Contract.search(
            [
                ("company_id", "=", self.env.company.id),
                ("supply_point_id", "!=", False),
                ("partner_id", "!=", False),
            ],
            order="id",
            limit=80,
        )
        portal = self.env["res.users"].search([("login", "=", "customer")], limit=1)
        own = contracts.filtered(
            lambda c: c.partner_id.commercial_partner_id
            == portal.partner_id.commercial_partner_id
        )
        return own + (contracts - own)

    def _move(self, claims):
        by_target = {}
        for index, claim in enumerate(claims):
            by_target.setdefault(PLAN[index % len(PLAN)], []).append(claim.id)
        Ticket = self.Ticket
        started = Ticket.browse(
            [i for key, ids in by_target.items() if key != "received" for i in ids]
        )
        started.action_claim_start()
        Ticket.browse(
            by_target.get("waiting_customer", [])
        ).action_claim_wait_customer()
        Ticket.browse(by_target.get("waiting_other", [])).action_claim_wait_other()
        resolved = Ticket.browse(by_target.get("resolved", []))
        favourable = self.env["energy.claim.result"].search([("code", "=", "01")])
        resolved.write(
            {
                "result_id": favourable.id,
                "root_cause": "billing",
                "resolved_because": "Se ha revisado la factura y se emite una "
                "factura rectificativa con la lectura correcta.",
                "recurrence_text": "Se ha corregido la lectura en el sistema de "
                "facturación y se valida antes de facturar.",
                "answer_text": "<p>Tras revisar su reclamación le informamos de que "
                "tiene usted razón: emitiremos una factura rectificativa y le "
                "devolveremos la diferencia en su próximo recibo.</p>",
            }
        )
        resolved[:RESOLVED_COUNT].action_claim_resolve()
        self._answer_surveys(resolved[:RESOLVED_COUNT])

    def _answer_surveys(self, claims):
        """Most customers answer the satisfaction survey of their claim."""
        env = self.env
        csat = env.ref("energy_claim.survey_claim_question_csat")
        solved = env.ref("energy_claim.survey_claim_question_solved")
        comment = env.ref("energy_claim.survey_claim_question_comment")
        answers = env["survey.user_input"].search(
            [("claim_ticket_id", "in", claims.ids)], order="id"
        )
        for index, answer in enumerate(answers):
            score = CSAT_SCORES[index % len(CSAT_SCORES)]
            if score is None:
                continue
            choice = env.ref(
                "energy_claim.survey_claim_answer_solved_"
                + ("yes" if score >= 3 else "no")
            )
            answer._save_lines(csat, score)
            answer._save_lines(solved, choice.id)
            if score <= 2:
                answer._save_lines(
                    comment, "Tardaron mucho en responder y sigo sin solución."
                )
            answer._mark_done()

    def _open_r1(self, claims):
        """A few reading claims go to the distributor as R1, when the company
        can send ATR messages (its REE code)."""
        if not self.env.company.energy_ree_code:
            return
        candidates = claims.filtered(
            lambda c: c.claim_subtype_id.code == R1_SUBTYPE
            and c.state == "in_progress"
            and c.supply_point_ids.distributor_id.energy_ree_code
        )[:R1_CLAIMS]
        opened = self.Ticket
        for claim in candidates:
            if not claim._r1_problems():
                claim.action_open_r1()
                opened |= claim
        self._close_r1(opened[:1])

    def _close_r1(self, claims):
        """The distributor closes the first R1 in the customer's favour: its
        R1-05, built with gestionatr, is imported as the back-office would."""
        from ..tools.r1_answers import r1_closure

        company_code = self.env.company.energy_ree_code
        files = [
            (
                f"R1_05_{case.name}.xml",
                r1_closure(
                    case.name,
                    case.cups,
                    case.distributor_code,
                    company_code,
                    claim.claim_type_id.code,
                    claim.claim_subtype_id.code,
                    "01",
                    R1_DETAIL,
                    "Revisada la lectura, se anula la estimación y se refactura.",
                ),
            )
            for claim in claims
            for case in claim.r1_case_ids
        ]
        if files:
            self.env["energy.atr.import"].import_files(files)
