# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo requests of energy_contract, generated when the demo data is loaded.

Not imported with the addon: ``energy.contract._demo_generate`` (called by
``demo/energy_contract_demo.xml``) imports it when it runs."""

import random
from collections import defaultdict
from datetime import timedelta

from stdnum import iban as stdnum_iban
from stdnum.es import ccc as stdnum_ccc

from odoo import Command, fields

from odoo.addons.energy_contract.models.energy_contract import POWER_FIELDS
from odoo.addons.energy_contract.models.lifecycle import CLOSED_STATES

from ..models.atr_lifecycle import WAITING_STATES

DEMO_SEED = 2026
DEMO_XMLID = "energy_atr.demo_request_%03d"
DEMO_CUSTOMER_USER_XMLID = "energy_atr.user_demo_portal_customer"
MAIN_PATH = [
    "draft",
    "documentation",
    "validation",
    "signature",
    "submitted",
    "accepted",
    "active",
]
# New customers: how many requests end in each phase.
BASE_PLAN = [
    ("draft", 8),
    ("documentation", 12),
    ("validation", 10),
    ("signature", 9),
    ("submitted", 10),
    ("incident", 5),
    ("accepted", 8),
    ("active", 40),
    ("terminated", 4),
    ("rejected", 4),
    ("cancelled", 4),
]
BASE_TYPES = [
    ("switch", 50),
    ("switch_changes", 22),
    ("new_supply", 16),
    ("holder_change_switch", 12),
]
# Changes of active contracts: (request type, phase it ends in), one per contract.
CHANGE_PLAN = [
    *(
        ("modification", state)
        for state in (
            "draft",
            "documentation",
            "validation",
            "signature",
            "submitted",
            "incident",
            "accepted",
            "active",
            "active",
            "rejected",
        )
    ),
    *(
        ("holder_change", state)
        for state in (
            "documentation",
            "documentation",
            "validation",
            "signature",
            "submitted",
            "active",
            "active",
            "cancelled",
        )
    ),
    *(
        ("renewal", state)
        for state in (
            "draft",
            "validation",
            "signature",
            "active",
            "active",
            "cancelled",
        )
    ),
    *(
        ("termination", state)
        for state in ("draft", "submitted", "accepted", "incident", "active", "active")
    ),
    *(
        ("withdrawal", state)
        for state in (
            "documentation",
            "validation",
            "submitted",
            "active",
            "rejected",
            "cancelled",
        )
    ),
]
ENDING_TYPES = ("termination", "withdrawal")
# Hours a request stays in a phase: (on time range, late range).
PHASE_HOURS = {
    "draft": ((0.5, 8), (30, 90)),
    "documentation": ((20, 150), (190, 400)),
    "validation": ((3, 40), (60, 150)),
    "signature": ((6, 150), (175, 340)),
    "submitted": ((24, 110), (130, 300)),
    "incident": ((8, 40), (60, 150)),
    "accepted": ((72, 430), (500, 800)),
    "active": ((720, 3600), (720, 3600)),
}
# Days since a request ended in a closed phase.
CLOSED_DAYS = {
    "active": (5, 150),
    "terminated": (1, 40),
    "rejected": (1, 90),
    "cancelled": (1, 90),
}
# What the people of a Spanish retailer write (demo data is in Spanish).
# Distributor answers use the CNMC codes (TABLA_27 rejections, TABLA_28
# incidents).
DISTRIBUTOR_REJECTIONS = [
    ("03", "NIF-CIF no coincide con el del contrato en vigor"),
    ("14", "Potencia solicitada mayor que la potencia máxima autorizada"),
    ("38", "Existencia de solicitud previa en curso C1"),
    ("C5", "No es posible solicitar una fecha fija a más de 30 días naturales"),
]
VALIDATION_REJECTIONS = [
    "Scoring negativo: facturas impagadas con nosotros",
    "El documento de identidad del titular no coincide con el NIF",
]
INCIDENTS = [
    "01 - Cliente ausente en la cita",
    "10 - Anomalía subsanable en el equipo de medida",
    "12 - Teléfono de contacto erróneo",
]
CANCELLATIONS = [
    "El cliente desiste antes de firmar",
    "Solicitud duplicada",
    "El cliente no envía la documentación",
]
TERMINATIONS = [
    ("Cambio de domicilio", "customer_request"),
    ("Se va a otra comercializadora", "switched_to_competitor"),
]
REJECTION_REASONS = ["unreadable", "expired", "holder_mismatch"]
# The distributor's answers that the story records on a submitted request, and
# the state its switching case takes with each, as the 02/04/05 messages
# would have moved it: an active contract has no switch still in progress.
CASE_ANSWERS = {
    "accepted": "accepted",
    "incident": "incident",
    "active": "activated",
    "rejected": "rejected",
}
HAND_OVER_REASONS = {
    "documentation": "Documentación recibida, pendiente de revisar",
    "signature": "Contrato firmado recibido",
}
CHANNEL_XMLIDS = [
    ("demo_channel_levante", ["demo_agent_levante_1", "demo_agent_levante_2"]),
    ("demo_channel_levante_alicante", ["demo_agent_alicante_1"]),
    ("demo_channel_norte", ["demo_agent_norte_1"]),
    ("demo_channel_sur", ["demo_agent_sur_1"]),
]
STANDARD_POWERS_KW = [3.45, 4.6, 5.75, 6.928, 9.2, 10.392, 13.856]


class ContractDemo:
    """The demo requests and the demo customer's portal login, made in `env`
    by the real actions of energy.contract."""

    def __init__(self, env):
        self.env = env

    def generate(self):
        """About 150 requests on the demo supply points, spread over every
        phase and request type, moved through their lifecycle by the real
        actions (so history, phase times and phase visits are written by the
        machinery itself), then dated back over the last months.

        Deterministic (fixed seed). Runs once, when the demo data is loaded."""
        if self.env.ref(DEMO_XMLID % 1, raise_if_not_found=False):
            return False
        rnd = random.Random(DEMO_SEED)
        now = fields.Datetime.now()
        backoffice = self.env.ref(
            "energy_base.user_demo_backoffice", raise_if_not_found=False
        )
        validator = self.env.ref(
            "energy_base.user_demo_validation", raise_if_not_found=False
        )
        contracts = self.env["energy.contract"]
        Contract = contracts.with_user(backoffice or self.env.user).sudo()
        contract_v = contracts.with_user(validator or self.env.user).sudo()
        plans = self._plan_base(rnd, now)
        self._create(Contract, plans, rnd)
        self._run(Contract, contract_v, plans, rnd)
        changes = self._plan_changes(rnd, now, plans)
        self._create(Contract, changes, rnd)
        self._run(Contract, contract_v, changes, rnd)
        self._end_parents(changes)
        plans += changes
        self._split_current_phase(Contract, plans)
        self._date_back(plans)
        self._documents(contract_v, plans, rnd)
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": DEMO_XMLID % plan["index"],
                    "record": plan["record"],
                    "noupdate": True,
                }
                for plan in plans
            ]
        )
        return len(plans)

    # Planning: every request gets its path of phases and the absolute time it
    # entered each one.

    def _points(self):
        data = self.env["ir.model.data"].search_fetch(
            [
                ("module", "=", "energy_base"),
                ("model", "=", "energy.supply.point"),
                ("name", "=like", "demo_supply_point_%"),
            ],
            ["name", "res_id"],
            order="name",
        )
        points = self.env["energy.supply.point"].browse(data.mapped("res_id"))
        return points.exists()

    def _plan_base(self, rnd, now):
        points = self._points()
        ours = [p for p in points if p.status == "customer"]
        others = [p for p in points if p.status != "customer"]
        rnd.shuffle(ours)
        rnd.shuffle(others)
        spare_holders = [p.holder_id for p in points[-20:] if p.holder_id]
        types, weights = zip(*BASE_TYPES, strict=True)
        plans = []
        finals = [state for state, count in BASE_PLAN for _i in range(count)]
        rnd.shuffle(finals)
        for final in finals:
            # contracts that became ours are on points we supply; the others
            # on prospects
            pool = ours if final in ("active", "terminated") and ours else others
            if not pool:
                pool = ours or others
            point = pool.pop()
            request_type = rnd.choices(types, weights)[0]
            partner = point.holder_id
            if request_type == "holder_change_switch" and spare_holders:
                partner = rnd.choice(spare_holders)
            plans.append(
                {
                    "index": len(plans) + 1,
                    "point": point,
                    "partner": partner,
                    "request_type": request_type,
                    "final": final,
                }
            )
        # consumers who signed days ago: the ones who may still withdraw
        consumers = [
            plan
            for plan in plans
            if plan["final"] == "active"
            and plan["request_type"] in ("switch", "switch_changes", "new_supply")
            and not plan["partner"].commercial_partner_id.is_company
        ]
        withdrawals = sum(
            1 for request_type, _f in CHANGE_PLAN if request_type == "withdrawal"
        )
        for plan in consumers[:withdrawals]:
            plan["recent"] = True
        for plan in plans:
            self._timeline(plan, rnd, now)
        return plans

    def _plan_changes(self, rnd, now, base_plans):
        parents = [
            plan
            for plan in base_plans
            if plan["final"] == "active" and plan["record"].state == "active"
        ]
        rnd.shuffle(parents)
        # a withdrawal comes from a consumer within 14 days of signing
        recent = [plan for plan in parents if plan.get("recent")]
        parents = [plan for plan in parents if not plan.get("recent")]
        pairs = [
            (change, (recent if change[0] == "withdrawal" else parents).pop())
            for change in CHANGE_PLAN
            if (recent if change[0] == "withdrawal" else parents)
        ]
        spare_holders = [p.holder_id for p in self._points()[-20:] if p.holder_id]
        plans = []
        for (request_type, final), parent in pairs:
            partner = parent["partner"]
            if request_type == "holder_change" and spare_holders:
                partner = spare_holders[len(plans) % len(spare_holders)]
            plan = {
                "index": len(base_plans) + len(plans) + 1,
                "point": parent["point"],
                "partner": partner,
                "request_type": request_type,
                "final": final,
                "parent": parent,
            }
            self._timeline(plan, rnd, now, not_before=parent["entries"][-1])
            plans.append(plan)
        return plans

    def _end_parents(self, plans):
        """Contracts ended by the activation of a termination or withdrawal
        request: their timeline ends in terminated from that moment."""
        for plan in plans:
            parent = plan.get("parent")
            if (
                plan["request_type"] in ENDING_TYPES
                and plan["record"].state == "active"
                and parent["record"].state == "terminated"
                and parent["path"][-1] != "terminated"
            ):
                parent["path"].append("terminated")
                parent["entries"].append(plan["entries"][-1])

    def _path(self, plan, rnd):
        final = plan["final"]
        if final in MAIN_PATH:
            path = MAIN_PATH[: MAIN_PATH.index(final) + 1]
        elif final == "incident":
            path = MAIN_PATH[:5] + ["incident"]
        elif final == "terminated":
            path = MAIN_PATH + ["terminated"]
        elif final == "rejected":
            path = MAIN_PATH[: rnd.choice((3, 5))] + ["rejected"]
        else:
            path = MAIN_PATH[: rnd.choice((2, 4))] + ["cancelled"]
        if plan["request_type"] in ("renewal", "termination") and len(path) > 2:
            path.remove("documentation")
        # rework: validation sends the request back for a document
        if "signature" in path and "documentation" in path and rnd.random() < 0.15:
            at = path.index("signature")
            path[at:at] = ["documentation", "validation"]
        # a distributor incident answered on the way to acceptance
        if "accepted" in path and rnd.random() < 0.2:
            at = path.index("accepted")
            path[at:at] = (
                ["incident", "submitted"] if rnd.random() < 0.5 else ["incident"]
            )
        return path

    def _timeline(self, plan, rnd, now, not_before=None):
        """Path, phase entry times, ball changes and action arguments."""
        path = self._path(plan, rnd)
        hours = []
        for state in path[:-1]:
            on_time, late = PHASE_HOURS[state]
            low, high = late if rnd.random() < 0.2 else on_time
            hours.append(rnd.uniform(low, high))
        final = path[-1]
        if final in CLOSED_DAYS:
            low, high = CLOSED_DAYS[final]
            if final == "active" and not plan.get("parent"):
                # contracts that change requests will change: active a while
                low, high = 60, 180
            elapsed = rnd.uniform(low, high) * 24
        else:
            on_time, late = PHASE_HOURS[final]
            low, high = late if rnd.random() < 0.3 else on_time
            elapsed = rnd.uniform(low, high) * rnd.uniform(0.3, 1.0)
        if plan.get("recent"):
            # signed days ago, active for about a week: still in the 14 days
            # in which a consumer may withdraw
            elapsed = rnd.uniform(6, 8) * 24
            start = path.index("submitted")
            tail = sum(hours[start:])
            if tail > 4 * 24:
                hours[start:] = [h * 4 * 24 / tail for h in hours[start:]]
        elif plan["request_type"] == "withdrawal":
            # the withdrawal is settled within the days left of that window
            elapsed = rnd.uniform(12, 24)
        total = sum(hours) + elapsed
        if not_before:
            room = (now - not_before).total_seconds() / 3600 - 72
            if total > room:
                factor = max(room, 1.0) / total
                hours = [h * factor for h in hours]
                elapsed *= factor
                total = sum(hours) + elapsed
        entries = [now - timedelta(hours=total)]
        for duration in hours:
            entries.append(entries[-1] + timedelta(hours=duration))
        entries = [entry.replace(microsecond=0) for entry in entries]
        # the customer (or the channel) hands the documents or the signature
        # over: the ball comes back to us before the phase ends
        splits = {}
        for position, state in enumerate(path):
            if state in ("documentation", "signature") and rnd.random() < 0.6:
                splits[position] = rnd.uniform(0.5, 0.9)
        plan.update(
            path=path,
            entries=entries,
            splits=splits,
            rejection=rnd.choice(DISTRIBUTOR_REJECTIONS),
            validation_rejection=rnd.choice(VALIDATION_REJECTIONS),
            incident=rnd.choice(INCIDENTS),
            cancellation=rnd.choice(CANCELLATIONS),
            termination=rnd.choice(TERMINATIONS),
        )

    # Creating and moving the requests with the real actions

    def _create(self, Contract, plans, rnd):
        channels = [
            (self.env.ref(f"energy_contract.{channel}"), agents)
            for channel, agents in CHANNEL_XMLIDS
        ]
        products = defaultdict(list)
        for product in self.env["energy.product"].search(
            [("access_tariff_id", "!=", False)]
        ):
            products[product.access_tariff_id.id].append(product)
        vals_list = []
        for plan in plans:
            point = plan["point"]
            vals = {
                "partner_id": plan["partner"].id,
                "supply_point_id": point.id,
                "request_type": plan["request_type"],
                "parent_contract_id": (
                    plan["parent"]["record"].id if plan.get("parent") else False
                ),
                "activation_mode": rnd.choice(("asap", "asap", "next_reading")),
                **{fname: point[fname] for fname in POWER_FIELDS},
                **self._bank_values(rnd, plan["index"]),
            }
            tariff_products = products.get(point.access_tariff_id.id)
            if tariff_products:
                vals["product_id"] = rnd.choice(tariff_products).id
            if plan["request_type"] == "modification":
                vals.update(self._power_change(point))
            if plan.get("parent"):
                parent = plan["parent"]["record"]
                vals.update(
                    channel_id=parent.channel_id.id,
                    sales_agent_id=parent.sales_agent_id.id,
                    source="backoffice",
                )
            elif rnd.random() < 0.55:
                channel, agents = rnd.choice(channels)
                vals.update(
                    channel_id=channel.id,
                    sales_agent_id=self.env.ref(
                        f"energy_contract.{rnd.choice(agents)}"
                    ).id,
                    source=rnd.choice(("channel_portal", "field_sales")),
                )
            else:
                vals["source"] = rnd.choice(("web", "telemarketing", "backoffice"))
            vals_list.append(vals)
        # one by one, each at its own time: the history opens the day the
        # request was made
        for plan, vals in zip(plans, vals_list, strict=True):
            with self._clock({None: plan["entries"][0]}):
                plan["record"] = Contract.create(vals)

    def _clock(self, dates):
        """The story's clock: events appended in this block to the requests
        of `dates` ({request id: datetime}) carry that time."""
        return self.env["energy.contract.event"]._history_clock(dates)

    def _bank_values(self, rnd, index):
        bank = rnd.choice(("2100", "0049", "0182", "2038", "0081"))
        ccc = f"{bank}{rnd.randint(1000, 9999)}00{rnd.randint(0, 10**10 - 1):010d}"
        ccc = ccc[:8] + stdnum_ccc.calc_check_digits(ccc) + ccc[10:]
        return {
            "bank_iban": "ES" + stdnum_iban.calc_check_digits("ES00" + ccc) + ccc,
            "sepa_mandate_ref": f"MAND-DEMO-{index:05d}",
        }

    def _power_change(self, point):
        """The next standard power in every period, when the toll allows it;
        else the previous one, else 20 % more: a modification always changes
        something, or its step 01 could not be built."""
        powers = [point[fname] for fname in POWER_FIELDS]
        used = [p for p in powers if p]
        if not used or not point.access_tariff_id:
            return {}
        higher = [p for p in STANDARD_POWERS_KW if p > max(used)]
        lower = [p for p in STANDARD_POWERS_KW if p < min(used)]
        # above 15 kW (3.0TD, 6.1TD) powers are not standardised: 20 % more
        for candidate in higher[:1] + lower[-1:] + [round(max(used) * 1.2, 1)]:
            new = [candidate if p else 0.0 for p in powers]
            if not point.access_tariff_id._power_errors(new):
                return dict(zip(POWER_FIELDS, new, strict=True))
        return {}

    def _run(self, Contract, contract_v, plans, rnd):
        """Move the requests step by step along their paths, in batches of
        requests taking the same action."""
        steps = max(len(plan["path"]) for plan in plans)
        for step in range(1, steps):
            groups = defaultdict(list)
            for plan in plans:
                if len(plan["path"]) <= step:
                    continue
                groups[self._action_key(plan, step)].append(plan)
            for key, group in groups.items():
                records = Contract.browse([plan["record"].id for plan in group])
                split = [plan for plan in group if step - 1 in plan["splits"]]
                with self._clock(
                    {plan["record"].id: self._handed_at(plan, step) for plan in split}
                ):
                    self._hand_over(
                        records.browse([plan["record"].id for plan in split]),
                        group[0]["path"][step - 1],
                    )
                if key[1] == "documentation" and key[0] == "validation":
                    reviewed = {
                        plan["record"].id: self._reviewed_at(plan, step)
                        for plan in group
                    }
                    with self._clock(reviewed):
                        self._review_documents(
                            contract_v.browse(records.ids),
                            rnd,
                            received=1.0,
                            validated=1.0,
                        )
                if key[0] == "submitted" and key[1] == "signature":
                    for plan in group:
                        signed = self._signed_at(plan, step)
                        with self._clock({plan["record"].id: signed}):
                            self._record_signature(plan["record"], signed)
                actor = records
                if key[0] == "signature" or (
                    key[0] == "rejected" and key[1] == "validation"
                ):
                    actor = contract_v.browse(records.ids)
                # the story is replayed as it happened: the checks of the
                # day held nothing back (trusted server code, not a context)
                with (
                    actor._exit_checks_waived(),
                    self._clock(
                        {plan["record"].id: plan["entries"][step] for plan in group}
                    ),
                ):
                    self._apply(actor, key)

    def _record_signature(self, contract, date_signed):
        """The customer signed on paper at the channel's office; the
        back-office recorded the scan, through the same method as the
        Record Signature wizard (evidence file, SHA-256, history event)."""
        document = (
            f"Contrato {contract.name} firmado por {contract.partner_id.name} "
            f"el {date_signed:%d/%m/%Y}."
        ).encode()
        contract._record_signature(
            {
                "signed_by": contract.partner_id.name,
                "date_signed": date_signed,
                "signature_method": "recorded",
            },
            document=document,
            filename=f"{contract.name.replace('/', '-')}-firmado.txt",
            reason=self.env._("Signature made elsewhere, recorded by the back-office."),
        )

    def _action_key(self, plan, step):
        target, previous = plan["path"][step], plan["path"][step - 1]
        entered = plan["entries"][step]
        if target == "active":
            return (target, previous, entered.date())
        if target == "terminated":
            return (target, previous, plan["termination"], entered.date())
        if target == "rejected":
            if previous == "validation":
                return (target, previous, plan["validation_rejection"], False)
            return (target, previous, *plan["rejection"][::-1])
        if target == "incident":
            return (target, previous, plan["incident"])
        if target == "cancelled":
            return (target, previous, plan["cancellation"])
        return (target, previous)

    def _apply(self, records, key):
        target, previous = key[:2]
        if target == "documentation":
            if previous == "validation":
                records.action_back_to_documentation()
            else:
                records.action_request_documents()
        elif target == "validation":
            records.action_to_validation()
        elif target == "signature":
            records.action_to_signature()
        elif target == "submitted":
            if previous == "incident":
                records.action_resolve_incident()
            else:
                records.action_submit()
        elif target == "accepted":
            records.action_accept()
        elif target == "incident":
            records.action_incident(key[2])
        elif target == "active":
            records.action_activate(date_activated=key[2])
        elif target == "terminated":
            (reason, termination_reason), date = key[2], key[3]
            records.action_terminate(
                reason, termination_reason=termination_reason, date=date
            )
        elif target == "rejected":
            records.action_reject(key[2], code=key[3])
        elif target == "cancelled":
            records.action_cancel(key[2])
        elif target == "draft":
            records.action_reset_to_draft()
        self._follow_case(records, target, previous)

    def _follow_case(self, records, target, previous):
        """The request's switching case follows the distributor's answer."""
        state = CASE_ANSWERS.get(target)
        if not state or previous == "validation":
            return
        cases = records.atr_case_id.filtered(lambda case: case.state in WAITING_STATES)
        cases._move_to(
            state,
            reason=self.env._("Answer of the distributor recorded by the back-office."),
        )

    def _hand_over(self, records, state):
        if not records:
            return
        records.action_set_blocking_party("us", HAND_OVER_REASONS.get(state))

    def _handed_at(self, plan, step):
        """When the ball came back to us during the phase left at `step`."""
        entered, left = plan["entries"][step - 1], plan["entries"][step]
        return (entered + (left - entered) * plan["splits"][step - 1]).replace(
            microsecond=0
        )

    def _reviewed_at(self, plan, step):
        """When the validation team went through the documents: late in the
        documentation phase, after the ball came back to us."""
        entered, left = plan["entries"][step - 1], plan["entries"][step]
        return (entered + (left - entered) * 0.95).replace(microsecond=0)

    def _signed_at(self, plan, step):
        entered, left = plan["entries"][step - 1], plan["entries"][step]
        share = plan["splits"].get(step - 1, 0.95)
        return (entered + (left - entered) * share).replace(microsecond=0)

    def _split_current_phase(self, Contract, plans):
        now = fields.Datetime.now()
        by_state = defaultdict(dict)
        for plan in plans:
            position = len(plan["path"]) - 1
            record = plan["record"]
            if position in plan["splits"] and record.state == plan["path"][-1]:
                start = plan["entries"][-1]
                by_state[record.state][record.id] = (
                    start + (now - start) * plan["splits"][position]
                ).replace(microsecond=0)
        for state, handed in by_state.items():
            with self._clock(handed):
                self._hand_over(Contract.browse(list(handed)), state)

    # Dating back: what the machinery wrote "now" gets the planned dates

    def _date_back(self, plans):
        now = fields.Datetime.now()
        phases = self.env["energy.contract.phase"]._get_by_state()
        deadlines = {}

        def deadline(state, start):
            phase = phases.get(state)
            if state in CLOSED_STATES or not phase:
                return False
            if (state, start) not in deadlines:
                deadlines[(state, start)] = phase._compute_deadline(start)
            return deadlines[(state, start)]

        hours_by_key = {}
        for plan in plans:
            record, path, entries = plan["record"], plan["path"], plan["entries"]
            bounds = list(zip(entries, entries[1:] + [now], strict=True))
            values = {
                "date_requested": entries[0],
                "state_date": entries[-1],
                "blocking_since": entries[-1],
                "phase_deadline": deadline(record.state, entries[-1]),
            }
            for state in ("submitted", "accepted"):
                if state in path:
                    values[f"date_{state}"] = entries[path.index(state)]
            segments = self._segments(plan, bounds, phases)
            last = len(path) - 1
            if last in plan["splits"] and record.blocking_party == "us":
                # the ball came back to us during the current phase
                start, end = bounds[last]
                handed = start + (end - start) * plan["splits"][last]
                values["blocking_since"] = handed.replace(microsecond=0)
                first = self._entry_party(record, phases.get(path[-1]), path[-1])
                segments.append((path[-1], first, (handed - start).total_seconds()))
            record._write_guarded(values)
            for state, party, seconds in segments:
                key = (record.id, state, party)
                hours_by_key[key] = hours_by_key.get(key, 0.0) + seconds / 3600
        self._date_back_phase_times(plans, hours_by_key)
        self._date_back_visits(plans, deadline)

    def _segments(self, plan, bounds, phases):
        """(phase, party, seconds) of every clock segment of the phases left."""
        record, segments = plan["record"], []
        for position, state in enumerate(plan["path"][:-1]):
            start, end = bounds[position]
            total = (end - start).total_seconds()
            share = plan["splits"].get(position)
            first = self._entry_party(record, phases.get(state), state)
            if share is not None and first != "us":
                segments += [
                    (state, first, total * share),
                    (state, "us", total * (1 - share)),
                ]
            else:
                segments.append((state, first, total))
        return segments

    def _date_back_phase_times(self, plans, hours_by_key):
        times = (
            self.env["energy.contract.phase.time"]
            .sudo()
            .search([("contract_id", "in", [plan["record"].id for plan in plans])])
        )
        for row in times:
            key = (row.contract_id.id, row.state, row.blocking_party)
            if key in hours_by_key:
                row.write({"hours": hours_by_key[key]})

    def _date_back_visits(self, plans, deadline):
        visits = (
            self.env["energy.contract.phase.visit"]
            .sudo()
            .search(
                [("contract_id", "in", [plan["record"].id for plan in plans])],
                order="id",
            )
        )
        by_contract = defaultdict(list)
        for visit in visits:
            by_contract[visit.contract_id.id].append(visit)
        for plan in plans:
            path, entries = plan["path"], plan["entries"]
            for position, visit in enumerate(by_contract[plan["record"].id]):
                if position + 1 >= len(entries) or visit.state != path[position]:
                    break
                visit.write(
                    {
                        "date_entered": entries[position],
                        "date_left": entries[position + 1],
                        "deadline": deadline(visit.state, entries[position]) or False,
                    }
                )
        visits._recompute_timing()

    def _entry_party(self, record, phase, state):
        """The party the machinery gives the ball to when `record` enters
        `state` (as _enter_phase does), "none" when nobody has it."""
        if state in CLOSED_STATES or not phase or not phase.blocking_party:
            return "none"
        if phase.blocking_party == "customer" and record.channel_id:
            return "channel" if phase.channel_blocks else "customer"
        return phase.blocking_party

    def _documents(self, contract_v, plans, rnd):
        """Checklists of the requests still in documentation or validation:
        some documents arrived, some were rejected, some are awaited."""
        if "energy.contract.document" not in self.env:
            return
        for state, received, validated in (
            ("documentation", 0.5, 0.4),
            ("validation", 1.0, 0.5),
        ):
            now = fields.Datetime.now()
            # late in the phase they are in, after any hand-over
            reviewed = {
                p["record"].id: (
                    p["entries"][-1] + (now - p["entries"][-1]) * 0.95
                ).replace(microsecond=0)
                for p in plans
                if p["record"].state == state
            }
            with self._clock(reviewed):
                self._review_documents(
                    contract_v.browse(list(reviewed)),
                    rnd,
                    received=received,
                    validated=validated,
                )

    def _review_documents(self, contracts, rnd, received, validated):
        """The customer sends a share of the documents (a scan each), the
        validation team rejects some (they are sent again) and validates a
        share of them; every decision goes through the checklist's actions."""
        if "energy.contract.document" not in self.env or not contracts:
            return
        documents = contracts.document_ids.filtered(
            lambda d: d.is_required and d.state == "required"
        )
        documents = documents.filtered(lambda d: rnd.random() < received)
        if not documents:
            return
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": f"{document.document_type_id.code or 'DOC'}-"
                    f"{document.contract_id.name.replace('/', '-')}.pdf",
                    "raw": b"%PDF-1.4\n% documento escaneado (demo)\n",
                    "mimetype": "application/pdf",
                    "res_model": "energy.contract",
                    "res_id": document.contract_id.id,
                }
                for document in documents
            ]
        )
        for document, attachment in zip(documents, attachments, strict=True):
            document.write({"attachment_ids": [Command.link(attachment.id)]})
        documents.action_receive()
        # a scan that could not be accepted: rejected, then sent again
        rejections = defaultdict(lambda: documents.browse())
        for document in documents:
            if rnd.random() < 0.15:
                rejections[rnd.choice(REJECTION_REASONS)] |= document
        for reason, batch in rejections.items():
            batch.action_reject(reason)
            # still in documentation, some are still awaited again
            batch.filtered(
                lambda d: validated == 1.0 or rnd.random() < 0.5
            ).action_receive()
        documents.filtered(
            lambda d: d.state == "received" and rnd.random() < validated
        ).action_validate()

    # Portal login of a demo customer

    def portal_customer_user(self):
        """The `customer` portal login (password = login), given to a customer
        with a generated request waiting for their signature (a renewal when
        there is one; the one with the most requests among them), so that the
        demo customer has requests on /my/contracts and one to sign; the
        customer with the most requests when none waits. Runs once."""
        if self.env.ref(DEMO_CUSTOMER_USER_XMLID, raise_if_not_found=False):
            return False
        data = self.env["ir.model.data"].search_fetch(
            [
                ("module", "=", "energy_atr"),
                ("model", "=", "energy.contract"),
                ("name", "=like", "demo_request_%"),
            ],
            ["res_id"],
            order="name",
        )
        requests = self.env["energy.contract"].browse(data.mapped("res_id")).exists()
        counts = defaultdict(int)
        for request in requests:
            counts[request.partner_id] += 1
        to_sign = requests.filtered(lambda r: r._has_to_be_signed())
        # a renewal is agreed between the customer and us, no distributor
        # message moves it on: it stays to sign whatever the demo data of the
        # addons above does with the other requests
        candidates = (
            to_sign.filtered(lambda r: r.request_type == "renewal")
            or to_sign
            or requests
        ).partner_id
        # max() keeps the first of equals: deterministic, in request order
        customer = max(candidates, key=lambda p: counts[p], default=candidates)
        if not customer or customer.user_ids:
            return False
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "partner_id": customer.id,
                    "login": "customer",
                    "password": "customer",
                    "tz": "Europe/Madrid",
                    "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
                }
            )
        )
        module, name = DEMO_CUSTOMER_USER_XMLID.split(".")
        self.env["ir.model.data"].create(
            {
                "module": module,
                "name": name,
                "model": "res.users",
                "res_id": user.id,
                "noupdate": True,
            }
        )
        return user.id
