# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data of the switching: the demo requests of energy_contract go
through the real pipeline. Signed requests are submitted (`action_submit`
builds and queues step 01 of their ATR process), most of their step 01
messages exported, and the distributors' answers (built with gestionatr by
`AtrAnswerFactory`, never hand-written) imported with
`energy.atr.import.import_files` or picked up from a transport folder:
acceptances, activations, rejections, an incidence, a cancellation, notices
to the outgoing retailer, a file for an unknown request and a duplicate. One
case is left overdue and the watchdog drafts its claim.

The step 01 messages are dated now (the moment they are built), so the
answers are dated now too; the requests keep energy_contract's past dates
and are signed in the past. Deterministic; runs once, at install.

Not imported with the addon: ``energy.atr.case._demo_generate`` (called by
``demo/energy_atr_demo.xml``) imports it when it runs."""

import base64
import datetime
import io
import os
import time
import zipfile
from collections import defaultdict

from odoo import fields, tools

from ..models.energy_atr_outgoing import POWER_CONTROL_CODES
from ..tools.atr_answers import AtrAnswerFactory

DEMO_CASE_XMLID = "demo_atr_case_%03d"
DEMO_IMPORT_XMLID = "demo_atr_import_%03d"
DEMO_TRANSPORT_XMLID = "demo_atr_transport_folder"
OUR_REE_CODE = "1234"
DISTRIBUTOR_CODES = {
    "energy_base.distributor_0021": "0021",
    "energy_base.distributor_0022": "0022",
    "energy_base.distributor_0026": "0026",
    "energy_base.distributor_0027": "0027",
    "energy_base.distributor_0031": "0031",
}
# The distributor whose files travel through folders (Viesgo).
FOLDER_DISTRIBUTOR = "energy_base.distributor_0027"
# Requests brought from validation to signature, per request type.
FROM_VALIDATION = {
    "new_supply": 1,
    "modification": 1,
    "holder_change": 1,
    "switch_changes": 1,
    "switch": 4,
}
# What happens to each request, per phase it comes from and request type, in
# the order of the demo requests (the essential ones first). Scenarios left
# over are skipped; requests left over stay open with their step 01 exported.
SCENARIOS = {
    ("signature", "switch"): [
        "activate",
        "accept_duplicate",
        "reject_nif",
        "overdue",
        "activate",
        "reject_pending",
        "cancel",
    ],
    ("signature", "switch_changes"): ["incident", "activate"],
    ("signature", "holder_change_switch"): ["activate", "incident"],
    ("signature", "holder_change"): ["activate"],
    ("signature", "modification"): ["activate"],
    ("signature", "new_supply"): ["accept"],
    ("validation", "new_supply"): ["accept"],
    ("validation", "modification"): ["reject_power"],
    ("validation", "holder_change"): ["accept"],
    ("validation", "switch_changes"): ["accept"],
    ("validation", "switch"): ["to_send", "to_send", "exported", "exported"],
    ("draft", "termination"): ["accept"],
}
# TABLA_27 codes and the distributor's comment of each rejection.
REJECTIONS = {
    "reject_nif": (
        "03",
        "El NIF del solicitante no coincide con el del titular del contrato de "
        "acceso en vigor.",
    ),
    "reject_pending": (
        "38",
        "Existe una solicitud C1 de otra comercializadora en curso para este CUPS.",
    ),
    "reject_power": (
        "14",
        "La potencia solicitada supera la potencia máxima admisible del "
        "certificado de instalación (BIE).",
    ),
}
# TABLA_55 activation type and days to the expected activation of each
# process' acceptance (02).
ACCEPTANCE = {
    "A3": ("C0", 12),
    "B1": ("A0", 5),
    "C1": ("L0", 16),
    "C2": ("C0", 9),
    "M1": ("A0", 6),
}
# Another retailer takes two of our customers over: its request codes.
OUTGOING_NOTICES = [("C1", "781100327415", True), ("C2", "781100327588", False)]
UNKNOWN_REQUEST_CODE = "201900004711"


class AtrDemo:
    """The switching of the demo requests, made in `env` through the real
    pipeline of energy_atr (see the module docstring)."""

    def __init__(self, env):
        self.env = env

    def generate(self):
        """Switching cases of the demo requests, produced by the real
        pipeline (see the module docstring). Returns the number of cases, or
        False when it already ran or there is nothing to switch."""
        if self.env.ref(f"energy_atr.{DEMO_CASE_XMLID % 1}", raise_if_not_found=False):
            return False
        backoffice = self.env.ref(
            "energy_base.user_demo_backoffice", raise_if_not_found=False
        )
        validator = self.env.ref(
            "energy_base.user_demo_validation", raise_if_not_found=False
        )
        Case = self.env["energy.atr.case"]
        env_b = Case.with_user(backoffice or self.env.user).sudo().env
        env_v = Case.with_user(validator or self.env.user).sudo().env
        self._codes()
        transport = self._transport()
        before = {
            model: self.env[model].search([], limit=1, order="id desc").id or 0
            for model in ("energy.atr.case", "energy.atr.import")
        }
        plans = self._plan(env_b["energy.contract"], transport.distributor_id)
        if not plans:
            return False
        self._to_signature(env_v, plans)
        self._sign(env_b, plans)
        contracts = env_b["energy.contract"].browse([p["contract"].id for p in plans])
        contracts.action_submit()
        for plan in plans:
            plan["case"] = plan["contract"].atr_case_id
        self._export(env_b, plans)
        self._wait_for_answers(contracts)
        self._answer(env_b, plans, transport)
        self._date_back_sending(plans)
        self._overdue(plans)
        new = {
            model: self.env[model].search([("id", ">", last_id)], order="id")
            for model, last_id in before.items()
        }
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"energy_atr.{xmlid % index}",
                    "record": record,
                    "noupdate": True,
                }
                for xmlid, records in (
                    (DEMO_CASE_XMLID, new["energy.atr.case"]),
                    (DEMO_IMPORT_XMLID, new["energy.atr.import"]),
                )
                for index, record in enumerate(records, start=1)
            ]
        )
        return len(new["energy.atr.case"])

    def _wait_for_answers(self, contracts):
        """The distributors answer after we sent: never within the second the
        requests were submitted, so that each acceptance comes after its
        submission (the request times are kept to the second)."""
        submitted = max(contracts.mapped("date_submitted"))
        wait = submitted + datetime.timedelta(seconds=1) - datetime.datetime.now()
        if wait.total_seconds() > 0:
            time.sleep(wait.total_seconds())

    def _codes(self):
        """Our REE code and the distributors', where missing."""
        company = self.env.ref("base.main_company")
        if not company.energy_ree_code:
            company.energy_ree_code = OUR_REE_CODE
        for xmlid, code in DISTRIBUTOR_CODES.items():
            distributor = self.env.ref(xmlid, raise_if_not_found=False)
            if distributor and not distributor.energy_ree_code:
                distributor.energy_ree_code = code

    def _transport(self):
        """Viesgo exchanges its files through two folders (created in the
        database's file store)."""
        distributor = self.env.ref(FOLDER_DISTRIBUTOR, raise_if_not_found=False)
        if not distributor:
            return self.env["energy.atr.transport"]
        root = os.path.join(
            tools.config.filestore(self.env.cr.dbname),
            "energy_atr",
            distributor.energy_ree_code or "folder",
        )
        folders = {"folder_out": f"{root}/out", "folder_in": f"{root}/in"}
        for path in folders.values():
            os.makedirs(path, exist_ok=True)
        company = self.env.ref("base.main_company")
        Transport = self.env["energy.atr.transport"]
        transport = Transport.search(
            [("distributor_id", "=", distributor.id), ("company_id", "=", company.id)]
        )
        if transport:
            return transport
        transport = Transport.create(
            {
                "distributor_id": distributor.id,
                "company_id": company.id,
                "method": "folder",
                **folders,
            }
        )
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"energy_atr.{DEMO_TRANSPORT_XMLID}",
                    "record": transport,
                    "noupdate": True,
                }
            ]
        )
        return transport

    # Choosing the requests and what happens to each

    def _requests(self, Contract):
        """The demo requests (demo/contract_demo.py), in the order of their xmlids."""
        data = self.env["ir.model.data"].search_fetch(
            [
                ("module", "=", "energy_atr"),
                ("model", "=", "energy.contract"),
                ("name", "=like", "demo_request_%"),
            ],
            ["res_id"],
            order="name",
        )
        return Contract.browse(data.mapped("res_id")).exists()

    def _plan(self, Contract, folder_distributor):
        """[{contract, origin, scenario}] of the demo requests to send: the
        signed-to-be requests in signature, a few in validation and a
        termination in draft; each phase keeps at least one request. What
        goes through the folder transport is always written there (never
        left to send)."""
        requests = self._requests(Contract)
        today = fields.Date.context_today(self.env["energy.atr.case"])

        def ready(state, quotas=None):
            phase = requests.filtered(lambda r: r.state == state)
            chosen = []
            taken = defaultdict(int)
            for request in phase:
                kind = request.request_type
                if not request.atr_process or request._atr_step01_problems():
                    continue
                if quotas is not None:
                    if taken[kind] >= quotas.get(kind, 0):
                        continue
                    taken[kind] += 1
                chosen.append(request)
            if chosen and len(chosen) == len(phase):
                chosen.pop()
            return chosen

        pools = {key: list(scenarios) for key, scenarios in SCENARIOS.items()}
        plans = []
        for origin, chosen in (
            ("signature", ready("signature")),
            ("validation", ready("validation", FROM_VALIDATION)),
            ("draft", ready("draft", {"termination": 1})),
        ):
            for request in chosen:
                pool = pools.get((origin, request.request_type)) or []
                scenario = pool.pop(0) if pool else "exported"
                if scenario == "activate" and request.date_requested.date() >= today:
                    scenario = "accept"
                distributor = request.supply_point_id.distributor_id
                if scenario == "to_send" and distributor == folder_distributor:
                    scenario = "exported"
                plans.append(
                    {"contract": request, "origin": origin, "scenario": scenario}
                )
        return plans

    def _to_signature(self, env_v, plans):
        """Requests still in validation (or draft) reach signature the way
        energy_contract's demo moves them: by the validator's actions."""
        Contract = env_v["energy.contract"]
        drafts = Contract.browse(
            [p["contract"].id for p in plans if p["origin"] == "draft"]
        )
        with Contract._exit_checks_waived():
            drafts.action_to_validation()
            Contract.browse(
                [p["contract"].id for p in plans if p["origin"] != "signature"]
            ).action_to_signature()

    def _sign(self, env_b, plans):
        """The back-office records each signature made on paper (the signature
        wizard, with a scan): those already in signature signed when their
        signed contract was handed over, or during the phase; the others now."""
        now = fields.Datetime.now()
        Wizard = env_b["energy.contract.signature.wizard"]
        for plan in plans:
            contract = plan["contract"]
            signed = now
            if plan["origin"] == "signature":
                start = contract.state_date
                if contract.blocking_party == "us" and contract.blocking_since > start:
                    signed = contract.blocking_since
                else:
                    signed = start + (now - start) * 0.6
            wizard = Wizard.with_context(active_id=contract.id).create(
                {
                    "contract_id": contract.id,
                    "signed_by": contract.partner_id.name,
                    "date_signed": signed.replace(microsecond=0),
                    "document": _scan(contract),
                    "document_name": "{}-firmado.pdf".format(
                        contract.name.replace("/", "-")
                    ),
                    "note": "Contrato firmado en papel y escaneado.",
                }
            )
            # the history tells when it was signed, not when the demo ran
            with env_b["energy.contract.event"]._history_clock(
                {contract.id: signed.replace(microsecond=0)}
            ):
                wizard.action_confirm()

    def _export(self, env_b, plans):
        """Export the step 01 messages (not the ones left to send), then the
        customer who changed their mind cancels: its cancellation step goes
        in a second export."""
        Export = env_b["energy.atr.export"]
        keep = {p["case"].id for p in plans if p["scenario"] == "to_send"}
        messages = env_b["energy.atr.message"].search(
            [
                ("case_id", "in", [p["case"].id for p in plans]),
                ("case_id", "not in", list(keep)),
                ("state", "=", "to_send"),
            ]
        )
        if messages:
            Export._export_messages(messages)
        cancelled = env_b["energy.contract"].browse(
            [p["contract"].id for p in plans if p["scenario"] == "cancel"]
        )
        if cancelled:
            cancelled.action_cancel(
                "El cliente desiste: se queda con su comercializadora."
            )
            Export._export_messages(
                cancelled.atr_case_ids.atr_message_ids.filtered(
                    lambda m: m.state == "to_send"
                )
            )

    # The distributors' answers

    def _answer(self, env_b, plans, transport):
        """Import what the distributors send back: first the answers to our
        requests, then the activations and the notices of customers leaving,
        then a file nobody expected and a file uploaded twice."""
        Contract = env_b["energy.contract"]
        local_now = Contract._atr_local_now(fields.Datetime.now())
        first, second = defaultdict(list), defaultdict(list)
        singles = []
        duplicate = self._plan_answers(plans, local_now, first, second, singles)
        self._outgoing_notices(Contract, plans, local_now, second)
        Import = env_b["energy.atr.import"]
        folder = transport.distributor_id if transport else None
        self._upload(Import, first, folder, f"{local_now:%Y%m%d%H%M}01", singles)
        self._upload(Import, second, folder, f"{local_now:%Y%m%d%H%M}02")
        # the folder's files arrive in one pick-up: its 02 and 05 together
        picked = first.get(folder, []) + second.get(folder, [])
        if picked:
            for name, raw in picked:
                with open(os.path.join(transport.folder_in, name), "wb") as handle:
                    handle.write(raw)
            Import.with_company(transport.company_id).import_folder(transport.folder_in)
        stray = self._stray_answer(Contract, plans, local_now)
        if stray:
            Import.import_files([stray])
        if duplicate:
            Import.import_files([duplicate])

    def _plan_answers(self, plans, local_now, first, second, singles):
        """The distributor's answers to each planned request, per scenario:
        into `first` (02, 03, 09 per distributor), `second` (05) or `singles`
        (uploaded alone). Returns the answer to upload twice, if any."""
        today = local_now.date()
        duplicate = None
        for plan in plans:
            case, scenario = plan["case"], plan["scenario"]
            answers = _DemoAnswers(case, local_now)
            files = first[case.distributor_id]
            if scenario in ("accept", "accept_duplicate"):
                activation_type, days = ACCEPTANCE.get(case.process, ("A0", 7))
                answer = (
                    answers.file_name("02"),
                    answers.acceptance(
                        activation_type, today + datetime.timedelta(days=days)
                    ),
                )
                if scenario == "accept_duplicate":
                    singles.append(answer)
                    duplicate = answer
                else:
                    files.append(answer)
            elif scenario == "activate":
                files.append((answers.file_name("02"), answers.acceptance("A0", today)))
                second[case.distributor_id].append(
                    (answers.file_name("05"), answers.activation(today))
                )
            elif scenario in REJECTIONS:
                code, comment = REJECTIONS[scenario]
                files.append(
                    (answers.file_name("02"), answers.rejection(code, comment, today))
                )
            elif scenario == "incident":
                files.append((answers.file_name("03"), answers.incidence(today)))
            elif scenario == "cancel":
                files.append(
                    (answers.file_name("09"), answers.cancellation_acceptance(today))
                )
        return duplicate

    def _outgoing_notices(self, Contract, plans, local_now, second):
        """Another retailer takes two of our active customers over: its
        acceptance (11) and, for one of them, the activation (06)."""
        today = local_now.date()
        taken = [p["contract"].supply_point_id.id for p in plans]
        for process, code, leaves in OUTGOING_NOTICES:
            contract = self._leaving_contract(Contract, process, taken)
            if not contract:
                continue
            taken.append(contract.supply_point_id.id)
            answers = _DemoAnswers.for_contract(contract, process, code, local_now)
            files = second[contract.supply_point_id.distributor_id]
            expected = today + datetime.timedelta(days=0 if leaves else 10)
            files.append(
                (answers.file_name("11"), answers.outgoing_acceptance(expected))
            )
            if leaves:
                files.append(
                    (answers.file_name("06"), answers.outgoing_activation(today))
                )

    def _upload(self, Import, batch, folder, stamp, singles=()):
        """Upload one ZIP per distributor (a single answer as its XML) but the
        folder distributor's; ``singles`` are uploaded as XML files."""
        uploads = list(singles)
        for distributor, files in batch.items():
            if distributor == folder or not files:
                continue
            if len(files) == 1:
                uploads += files
                continue
            name = f"{distributor.energy_ree_code}_{OUR_REE_CODE}_{stamp}.zip"
            uploads.append((name, _zip(files)))
        if uploads:
            Import.import_files(uploads)

    def _leaving_contract(self, Contract, process, taken):
        """An active supply contract of ours (of the request type matching
        ``process``) whose point has nothing else going on and is not in
        ``taken`` (ids of points): another retailer's request takes it over."""
        in_progress = Contract.search(
            [("state", "not in", ("active", "terminated", "rejected", "cancelled"))]
        )
        changed = Contract.search([("parent_contract_id", "!=", False)])
        taken = set(taken) | set(in_progress.supply_point_id.ids)
        request_type = "switch" if process == "C1" else "switch_changes"
        for contract in self._requests(Contract):
            point = contract.supply_point_id
            if (
                contract.state == "active"
                and contract.request_type == request_type
                and contract not in changed.parent_contract_id
                and point.status == "customer"
                and point.id not in taken
                and point.distributor_id.energy_ree_code
            ):
                return contract
        return Contract

    def _stray_answer(self, Contract, plans, local_now):
        """An acceptance for a request code we never issued (sent by the old
        system before the switching addon): it waits in the inbox."""
        contract = plans[0]["contract"]
        answers = _DemoAnswers.for_contract(
            contract, "C1", UNKNOWN_REQUEST_CODE, local_now
        )
        activation_type, days = ACCEPTANCE["C1"]
        expected = local_now.date() + datetime.timedelta(days=days)
        return (answers.file_name("02"), answers.acceptance(activation_type, expected))

    def _date_back_sending(self, plans):
        """Distributors take days to answer, each at its own pace: what we
        sent on every answered case is dated back by that many days (the
        answers keep the time they were imported), so that the response
        times report reads like a real month, not all zero."""
        Message = self.env["energy.atr.message"]
        cases = self.env["energy.atr.case"].browse(
            [plan["case"].id for plan in plans if plan.get("case")]
        )
        messages = Message.search([("case_id", "in", cases.ids)], order="date, id")
        first_answer = {}
        for message in messages.filtered(lambda m: m.direction == "in"):
            first_answer.setdefault(message.case_id, message.date)
        sent = messages.filtered(lambda m: m.direction == "out")
        for case, answered in first_answer.items():
            pace = int(case.distributor_id.energy_ree_code or 0) % 5 + 1
            date = answered - datetime.timedelta(days=pace, hours=case.id % 7 * 3)
            sent.filtered(lambda m, case=case: m.case_id == case).write({"date": date})
            case.write({"date_opened": date})

    def _overdue(self, plans):
        """The distributor never answered one request: its deadline passed
        beyond the claim grace period, and the watchdog reminds and drafts
        the R1 claim."""
        Case = self.env["energy.atr.case"]
        cases = Case.browse([p["case"].id for p in plans if p["scenario"] == "overdue"])
        if not cases:
            return
        today = Case._watchdog_today()
        grace = max(cases.company_id.mapped("energy_atr_claim_grace_days") or [0])
        cases.write({"deadline": today - datetime.timedelta(days=grace + 4)})
        Case._watchdog_run(today=today)


class _DemoAnswers:
    """The answers of one case's distributor, dated ``local_now`` (Spanish
    time, as the distributor writes it)."""

    def __init__(self, case, local_now, contract=None, process=None, code=None):
        self.case = case
        self.contract = contract or case.contract_id
        self.process = process or case.process
        self.code = code or case.name
        first = case.atr_message_ids.filtered(
            lambda m: m.direction == "out" and m.step == "01"
        )[:1]
        point = self.contract.supply_point_id
        self.cups = first.cups or self.contract._atr_cups()
        self.sender = (
            case.distributor_code
            or first.receiver_code
            or point.distributor_id.energy_ree_code
        )
        self.receiver = first.sender_code or self.contract.company_id.energy_ree_code
        self.local_now = local_now
        self.factory = AtrAnswerFactory(sender=self.sender, receiver=self.receiver)

    @classmethod
    def for_contract(cls, contract, process, code, local_now):
        return cls(
            contract.env["energy.atr.case"],
            local_now,
            contract=contract,
            process=process,
            code=code,
        )

    def file_name(self, step):
        return f"{self.process}{step}_{self.sender}_{self.receiver}_{self.code}.xml"

    def _args(self):
        return (self.process, self.code, self.cups)

    def _kwargs(self):
        return {"date": self.local_now}

    def _contract_data(self):
        contract = self.contract
        return {
            "tariff": contract.access_tariff_id.code or "018",
            "powers_w": contract._atr_powers_w() or (4600, 4600),
        }

    def _contract_code(self):
        digits = "".join(c for c in self.cups[2:] if c.isdigit())
        return digits[:12].rjust(12, "0")

    def acceptance(self, activation_type, expected):
        return self.factory.acceptance(
            *self._args(),
            activation_type=activation_type,
            date_expected=expected,
            date_accepted=self.local_now.date(),
            field_work="S" if activation_type == "C0" else "N",
            **self._contract_data(),
            **self._kwargs(),
        )

    def activation(self, date_activated):
        point = self.contract.supply_point_id
        return self.factory.activation(
            *self._args(),
            date_activated=date_activated,
            contract_code=self._contract_code(),
            power_control=POWER_CONTROL_CODES.get(point.power_control_mode, "1"),
            measure_point_type=(point.measure_point_type or "5").rjust(2, "0"),
            **self._contract_data(),
            **self._kwargs(),
        )

    def rejection(self, code, comment, date_rejected):
        return self.factory.rejection(
            *self._args(),
            codes=(code,),
            comments={code: comment},
            date_rejected=date_rejected,
            **self._kwargs(),
        )

    def incidence(self, date_incidence):
        return self.factory.incidence(
            *self._args(),
            codes=("01",),
            comments={
                "01": "Visita para la sustitución del equipo de medida: cliente "
                "ausente. Se deja aviso para concertar una nueva cita."
            },
            date_incidence=date_incidence,
            date_action=date_incidence + datetime.timedelta(days=3),
            **self._kwargs(),
        )

    def cancellation_acceptance(self, date_accepted):
        return self.factory.cancellation_acceptance(
            *self._args(), date_accepted=date_accepted, **self._kwargs()
        )

    def outgoing_acceptance(self, expected):
        return self.factory.outgoing_acceptance(
            *self._args(), date_expected=expected, **self._kwargs()
        )

    def outgoing_activation(self, date_activated):
        point = self.contract.supply_point_id
        return self.factory.outgoing_activation(
            *self._args(),
            date_activated=date_activated,
            contract_code=self._contract_code(),
            measure_point_type=(point.measure_point_type or "5").rjust(2, "0"),
            **self._kwargs(),
        )


def _scan(contract):
    """Base64 of a small PDF standing for the scan of the signed contract."""
    return base64.b64encode(
        b"%PDF-1.4\n% contrato firmado escaneado (demo) "
        + contract.name.encode()
        + b"\n%%EOF\n"
    )


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in files:
            archive.writestr(name, raw)
    return buffer.getvalue()
