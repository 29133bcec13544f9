# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Outgoing side of the switching: a signed request becomes step 01 of its
ATR process, a cancelled one sends the cancellation step. Messages are built
by gestionatr (``tools/atr_builder.py``) and validated against the CNMC XSD
before anything is stored."""

import datetime
import hashlib
import re

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import atr_builder
from .atr_lifecycle import WAITING_STATES

SPAIN_TZ = "Europe/Madrid"
# Cases whose request can still be cancelled with the cancellation step.
CANCELLABLE_STATES = ("open", "accepted", "incident")
# B1 motivo (CNMC table 10) of each termination reason of the request.
B1_REASONS = {
    "customer_request": "01",  # cese de actividad
    "supply_removed": "01",
    "end_of_term": "02",  # fin de contrato de energía
    "other": "02",
    "non_payment": "04",  # baja por impago
}
# TABLA_8 activation indicator of each activation mode.
ACTIVATION_CODES = {"asap": "A", "next_reading": "L", "fixed_date": "F"}
# TABLA_51 power control mode.
POWER_CONTROL_CODES = {"icp": "1", "maximeter": "2"}
# Processes whose step 01 carries the requested contract conditions.
CONTRACT_PROCESSES = ("A3", "C2", "M1")
# Processes a withdrawal (E1) can undo: the ones that brought the customer.
WITHDRAWABLE_PROCESSES = ("A3", "C1", "C2")
REE_CODE = re.compile(r"[0-9]{4}")
REQUEST_CODE = re.compile(r"[0-9]{12}")


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------

    def _action_submit(self):
        """Submitting a request sends it to its distributor: step 01 of its
        ATR process is built, validated against the CNMC XSD and stored to
        send, and its case opened. Whatever calls `action_submit` (the form,
        a list, RPC, server code) goes through here. All or nothing: one
        request whose message cannot be built refuses the whole batch and its
        move, with every problem of every request listed."""
        result = super()._action_submit()
        self.filtered("atr_process")._atr_send_step01()
        return result

    def _action_cancel(self):
        """A request cancelled while the distributor holds it sends the
        cancellation step of its process (A3/M1-06, B1-03, C1/C2/E1-08)."""
        result = super()._action_cancel()
        cases = self.atr_case_ids.filtered(
            lambda case: case.role == "requester" and case.state in CANCELLABLE_STATES
        )
        if cases:
            cases._atr_request_cancellation()
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _atr_send_step01(self):
        """Build and validate step 01 of each request, then open the cases
        with their message to send. Refused as a whole, before anything is
        created, when a request lacks data or its message breaks the XSD (the
        requests whose data is complete are built too, so that the user sees
        every problem of the batch at once)."""
        if not self:
            return self.env["energy.atr.case"]
        errors = self._atr_submit_errors()
        now = fields.Datetime.now()
        ready = self.filtered(lambda contract: contract not in errors)
        codes = ready._atr_next_request_codes()
        builds = {}
        for contract in ready:
            values = contract._atr_prepare_step01_values(codes[contract], now)
            xml = atr_builder.build_step01(values)
            problems = self._atr_xsd_problems(xml)
            if problems:
                errors[contract] = problems
            builds[contract] = (values, xml)
        if errors:
            ordered = {
                contract: errors[contract] for contract in self if contract in errors
            }
            raise UserError(self._atr_format_errors(ordered))
        return self._atr_open_cases(builds, now)

    def _atr_submit_errors(self):
        """{request: [translated problem, ...]} of what step 01 needs and the
        request lacks, checked before building anything."""
        errors = {}
        for contract in self:
            problems = contract._atr_step01_problems()
            if problems:
                errors[contract] = problems
        return errors

    def _atr_step01_problems(self):
        """Translated problems, field by field, that keep step 01 of this
        request from being built: a case still open, the header, the
        customer, the dates, then its own process' needs."""
        self.ensure_one()
        problems = []
        process = self.atr_process
        if self.atr_case_id.state in WAITING_STATES:
            problems.append(
                self.env._(
                    "Switching case: %(case)s is still open with the distributor.",
                    case=self.atr_case_id.name,
                )
            )
        problems += self._atr_header_problems()
        if not atr_builder.client_identity(self._atr_vat()):
            problems.append(
                self.env._(
                    "Customer NIF: %(customer)s needs a valid NIF, NIE or CIF.",
                    customer=self.partner_id.commercial_partner_id.display_name,
                )
            )
        elif process != "E1":
            problems += self._atr_name_problems()
        if process in ("A3", "B1", "C1", "C2", "M1"):
            if self.activation_mode == "fixed_date" and not (
                self.date_activation_requested
            ):
                problems.append(
                    self.env._(
                        "Requested activation date: a fixed-date activation needs "
                        "the date."
                    )
                )
        return problems + self._atr_process_problems()

    def _atr_process_problems(self):
        """What step 01 of this request's own process needs: its contract
        conditions, the A3's CNAE and phone, a real M1 change, a B1 motivo,
        the request an E1 withdraws."""
        self.ensure_one()
        problems = []
        process = self.atr_process
        if process in CONTRACT_PROCESSES and self._atr_sends_contract():
            problems += self._atr_contract_problems()
        if process == "A3":
            if not self.supply_point_id.cnae_id:
                problems.append(
                    self.env._(
                        "CNAE: the supply point %(cups)s needs the CNAE of its "
                        "activity.",
                        cups=self.cups,
                    )
                )
            if not self._atr_phones():
                problems.append(
                    self.env._(
                        "Phone: %(customer)s needs a phone number.",
                        customer=self.partner_id.display_name,
                    )
                )
        if process == "M1" and self.request_type == "modification":
            if not self._atr_has_technical_change():
                problems.append(
                    self.env._(
                        "Tariff and powers: they are the ones the supply point "
                        "already has; there is nothing to modify."
                    )
                )
        if process == "B1" and self.termination_reason == "switched_to_competitor":
            problems.append(
                self.env._(
                    "Termination reason: a customer who switched to another "
                    "retailer leaves with that retailer's switch, not with a "
                    "termination request."
                )
            )
        if process == "E1" and not self._atr_withdrawn_request_code():
            problems.append(
                self.env._(
                    "Withdrawn request: %(contract)s has no switching request code "
                    "to withdraw.",
                    contract=self.parent_contract_id.display_name or "-",
                )
            )
        return problems

    def _atr_header_problems(self):
        problems = []
        if not REE_CODE.fullmatch(self.company_id.energy_ree_code or ""):
            problems.append(
                self.env._(
                    "Our REE code: company %(company)s needs its 4-digit REE code.",
                    company=self.company_id.display_name,
                )
            )
        distributor = self.supply_point_id.distributor_id
        if not distributor:
            problems.append(
                self.env._(
                    "Distributor: the supply point %(cups)s has no distributor.",
                    cups=self.cups,
                )
            )
        elif not REE_CODE.fullmatch(distributor.energy_ree_code or ""):
            problems.append(
                self.env._(
                    "Distributor REE code: %(distributor)s needs its 4-digit REE code.",
                    distributor=distributor.display_name,
                )
            )
        if not self._atr_cups():
            problems.append(self.env._("CUPS: the supply point has no CUPS."))
        return problems

    def _atr_name_problems(self):
        identity = atr_builder.client_identity(self._atr_vat())
        partner = self.partner_id.commercial_partner_id
        if identity[2] == "F" and not atr_builder.split_person_name(partner.name):
            return [
                self.env._(
                    "Customer name: %(customer)s needs a first name and at least "
                    "one surname.",
                    customer=partner.display_name,
                )
            ]
        return []

    def _atr_contract_problems(self):
        problems = []
        tariff = self.access_tariff_id
        if not tariff:
            problems.append(
                self.env._("Access tariff: the request needs its access tariff.")
            )
            return problems
        if not re.fullmatch(r"[0-9]{3}", tariff.code or ""):
            problems.append(
                self.env._(
                    "Access tariff: %(tariff)s needs its 3-digit ATR code.",
                    tariff=tariff.display_name,
                )
            )
        powers = self._get_powers_kw()
        for period in range(1, (tariff.power_period_count or 1) + 1):
            if not powers[period - 1] or powers[period - 1] <= 0:
                problems.append(
                    self.env._(
                        "Power P%(period)s: the %(tariff)s tariff needs a power "
                        "in this period.",
                        period=period,
                        tariff=tariff.display_name,
                    )
                )
        return problems

    def _atr_vat(self):
        return self.partner_id.commercial_partner_id.vat or self.partner_id.vat

    def _atr_cups(self):
        point = self.supply_point_id
        full = point.cups_full or ""
        return (
            full
            if len(full) == 22 and full.startswith(point.cups or "-")
            else (point.cups)
        )

    def _atr_phones(self):
        partner = self.partner_id
        phones = []
        for raw in (partner.phone, partner.mobile):
            phone = atr_builder.split_phone(raw)
            if phone and phone not in phones:
                phones.append(phone)
        return phones

    def _atr_powers_w(self):
        count = self.access_tariff_id.power_period_count or 6
        return [round(kw * 1000) for kw in self._get_powers_kw()[:count]]

    def _atr_has_technical_change(self):
        """The request asks for a tariff or powers other than the supply
        point's (a point with no known tariff or powers counts as a change)."""
        point = self.supply_point_id
        if not point.access_tariff_id or not any(point._get_powers_kw()):
            return True
        if point.access_tariff_id != self.access_tariff_id:
            return True
        point_w = [round(kw * 1000) for kw in point._get_powers_kw()]
        request_w = [round(kw * 1000) for kw in self._get_powers_kw()]
        return point_w != request_w

    def _atr_is_holder_change(self):
        return self.request_type in ("holder_change", "holder_change_switch")

    def _atr_modification_type(self):
        """TABLA_7: N technical only, S administrative only, A both."""
        if not self._atr_is_holder_change():
            return "N"
        return "A" if self._atr_has_technical_change() else "S"

    def _atr_sends_contract(self):
        if self.atr_process in ("A3", "C2"):
            return True
        return self.atr_process == "M1" and self._atr_modification_type() != "S"

    def _atr_withdrawn_request_code(self):
        """CodigoDeSolicitud of the request the customer withdraws from."""
        cases = self.parent_contract_id.atr_case_ids.filtered(
            lambda case: case.role == "requester"
            and case.process in WITHDRAWABLE_PROCESSES
        )
        case = max(cases, key=lambda case: case.id, default=False)
        return case.name if case and REQUEST_CODE.fullmatch(case.name or "") else False

    def _atr_next_request_codes(self):
        """{request: new CodigoDeSolicitud} drawn from the case sequence of
        each request's company (the one `next_by_code` would use): one query
        per company for a standard sequence, whatever the batch."""
        codes = {}
        Sequence = self.env["ir.sequence"]
        Sequence.browse().check_access("read")
        for company, contracts in self.grouped("company_id").items():
            sequence = Sequence.search(
                [
                    ("code", "=", "energy.atr.case"),
                    ("company_id", "in", [company.id, False]),
                ],
                order="company_id",
                limit=1,
            ).with_company(company)
            if sequence.implementation != "standard" or sequence.use_date_range:
                codes.update({contract: sequence._next() for contract in contracts})
                continue
            numbers = self.env.execute_query(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s)",
                    f"ir_sequence_{sequence.id:03d}",
                    len(contracts),
                )
            )
            codes.update(
                {
                    contract: sequence.get_next_char(number)
                    for contract, (number,) in zip(contracts, numbers, strict=True)
                }
            )
        return codes

    def _atr_local_now(self, now):
        return fields.Datetime.context_timestamp(
            self.with_context(tz=SPAIN_TZ), now
        ).replace(tzinfo=None)

    def _atr_header_values(self, process, step, request_code, now):
        return {
            "sender": self.company_id.energy_ree_code,
            "receiver": self.supply_point_id.distributor_id.energy_ree_code,
            "process": process,
            "step": step,
            "request_code": request_code,
            "sequence": "01",
            "date": self._atr_local_now(now),
            "cups": self._atr_cups(),
        }

    def _atr_client_values(self):
        partner = self.partner_id.commercial_partner_id
        id_type, identifier, person_type = atr_builder.client_identity(self._atr_vat())
        values = {
            "id_type": id_type,
            "id": identifier,
            "person_type": person_type,
            "phones": self._atr_phones(),
            "email": self.partner_id.email or partner.email or None,
        }
        if person_type == "J":
            values["company_name"] = partner.name
        else:
            first_name, surname1, surname2 = atr_builder.split_person_name(
                partner.name
            ) or (partner.name, False, False)
            values.update(first_name=first_name, surname1=surname1, surname2=surname2)
        return values

    def _atr_contract_values(self):
        point = self.supply_point_id
        values = {
            "contract_type": "01",
            "tariff": self.access_tariff_id.code,
            "powers_w": self._atr_powers_w(),
            "power_control": POWER_CONTROL_CODES.get(point.power_control_mode),
        }
        phones = self._atr_phones()
        if phones:
            values["contact"] = {
                "name": self.partner_id.display_name,
                "phones": phones,
                "email": self.partner_id.email or None,
            }
        return values

    def _atr_prepare_step01_values(self, request_code, now):
        """Plain values of step 01 for ``atr_builder.build_step01``."""
        self.ensure_one()
        process = self.atr_process
        request = {
            "activation": ACTIVATION_CODES.get(self.activation_mode, "A"),
            "activation_date": self.date_activation_requested,
            "cnae": self.supply_point_id.cnae_id.code or None,
        }
        if process in ("C2", "M1"):
            request["modification_type"] = self._atr_modification_type()
            if self._atr_is_holder_change():
                request["admin_type"] = self.atr_holder_change_type or "T"
        if process == "B1":
            request["reason"] = B1_REASONS.get(self.termination_reason, "01")
        if process == "E1":
            request["ref_request_code"] = self._atr_withdrawn_request_code()
            request["withdrawal_type"] = "01"
        values = {
            "header": self._atr_header_values(process, "01", request_code, now),
            "client": self._atr_client_values(),
            "request": request,
        }
        if process in CONTRACT_PROCESSES and self._atr_sends_contract():
            values["contract"] = self._atr_contract_values()
        return values

    def _atr_deadline_modifier(self, values):
        """The deadline-table variant: the M1 TipoModificacion, the B1 motivo."""
        request = values.get("request") or {}
        if self.atr_process == "M1":
            return request.get("modification_type")
        if self.atr_process == "B1":
            return request.get("reason")
        return False

    def _atr_open_cases(self, builds, now):
        """Open the cases with their step 01 message (to send) and log it on
        each request. ``builds``: {request: (values, xml)}."""
        cases = self.env["energy.atr.case"].create(
            [
                {
                    "name": values["header"]["request_code"],
                    "process": contract.atr_process,
                    "role": "requester",
                    "company_id": contract.company_id.id,
                    "contract_id": contract.id,
                    "supply_point_id": contract.supply_point_id.id,
                    "cups": contract.supply_point_id.cups,
                    "distributor_id": contract.supply_point_id.distributor_id.id,
                    "distributor_code": values["header"]["receiver"],
                    "deadline_modifier": contract._atr_deadline_modifier(values),
                }
                for contract, (values, _xml) in builds.items()
            ]
        )
        cases._set_state(
            "open",
            {"step": "01", "date_opened": now, "date_last_message": now},
            self.env._("Step 01 built, validated and queued to send."),
        )
        cases._set_next_deadline(start=now)
        messages = self.env["energy.atr.message"]._create_outgoing(
            [
                {"case_id": case.id, "xml": xml}
                for case, (_values, xml) in zip(cases, builds.values(), strict=True)
            ]
        )
        messages._atr_log_on_requests()
        return cases

    @api.model
    def _atr_xsd_problems(self, xml):
        """Translated, readable lines of what the CNMC XSD refuses in `xml`."""
        valid, error = atr_builder.validate(xml)
        if valid:
            return []
        labels = self._atr_element_labels()
        lines = []
        for problem in atr_builder.xsd_errors(xml) or [{"message": error}]:
            element = problem.get("missing") or problem.get("element") or ""
            label = labels.get(element, element)
            if problem.get("missing"):
                line = self.env._("%(field)s: missing.", field=label)
            elif problem.get("value") is not None:
                line = self.env._(
                    "%(field)s: the value %(value)s is not valid.",
                    field=label,
                    value=problem["value"] or "''",
                )
            elif element:
                line = self.env._(
                    "%(field)s: not valid (%(detail)s)",
                    field=label,
                    detail=problem["message"],
                )
            else:
                line = self.env._("The message is not valid: %(detail)s", detail=error)
            if line not in lines:
                lines.append(line)
        return lines

    @api.model
    def _atr_element_labels(self):
        """Readable names of the XML elements a user can fix."""
        return {
            "CodigoREEEmpresaEmisora": self.env._("Our REE code"),
            "CodigoREEEmpresaDestino": self.env._("Distributor REE code"),
            "CodigoDeSolicitud": self.env._("Request code"),
            "FechaSolicitud": self.env._("Request date"),
            "CUPS": self.env._("CUPS"),
            "CNAE": self.env._("CNAE"),
            "IndActivacion": self.env._("Activation mode"),
            "FechaPrevistaAccion": self.env._("Requested activation date"),
            "TipoModificacion": self.env._("Modification type"),
            "TipoSolicitudAdministrativa": self.env._("Holder change type"),
            "Motivo": self.env._("Termination reason"),
            "CodigoDeSolicitudRef": self.env._("Withdrawn request"),
            "TarifaATR": self.env._("Access tariff"),
            "CondicionesContractuales": self.env._("Contract conditions"),
            "PotenciasContratadas": self.env._("Contracted powers"),
            "Potencia": self.env._("Contracted powers"),
            "ModoControlPotencia": self.env._("Power control mode"),
            "IdCliente": self.env._("Customer NIF"),
            "TipoIdentificador": self.env._("Customer NIF"),
            "Identificador": self.env._("Customer NIF"),
            "Nombre": self.env._("Customer name"),
            "NombreDePila": self.env._("Customer first name"),
            "PrimerApellido": self.env._("Customer surname"),
            "SegundoApellido": self.env._("Customer second surname"),
            "RazonSocial": self.env._("Customer company name"),
            "Telefono": self.env._("Phone"),
            "PrefijoPais": self.env._("Phone"),
            "Numero": self.env._("Phone"),
            "CorreoElectronico": self.env._("Email"),
            "Contacto": self.env._("Contact"),
            "PersonaDeContacto": self.env._("Contact person"),
        }

    @api.model
    def _atr_format_errors(self, errors):
        """One message listing, request by request, every problem."""
        blocks = []
        for contract, problems in errors.items():
            title = self.env._(
                "%(request)s (%(process)s):",
                request=contract.display_name,
                process=contract.atr_process or "-",
            )
            blocks.append("\n".join([title, *[f"- {line}" for line in problems]]))
        return "\n\n".join(
            [self.env._("The switching messages could not be built:"), *blocks]
        )


class EnergyAtrCase(models.Model):
    _inherit = "energy.atr.case"

    def _atr_request_cancellation(self):
        """Queue the cancellation step of each case (to send) and wait for the
        distributor's answer. Refused as a whole if a message is invalid."""
        Contract = self.env["energy.contract"]
        now = fields.Datetime.now()
        builds = []
        errors = {}
        for case in self:
            header = case._atr_cancellation_header(now)
            xml = atr_builder.build_cancellation(header)
            problems = Contract._atr_xsd_problems(xml)
            if problems:
                errors[case.contract_id] = problems
            builds.append((case, xml))
        if errors:
            raise UserError(Contract._atr_format_errors(errors))
        for step, cases in self.grouped(
            lambda case: atr_builder.CANCEL_STEPS[case.process]
        ).items():
            cases._set_state(
                "cancel_requested",
                {"step": step, "date_last_message": now},
                self.env._(
                    "Cancellation step %(step)s built, validated and queued to send.",
                    step=step,
                ),
            )
        self._set_next_deadline(start=now)
        messages = self.env["energy.atr.message"]._create_outgoing(
            [{"case_id": case.id, "xml": xml} for case, xml in builds]
        )
        messages._atr_log_on_requests()
        return messages

    def _atr_cancellation_header(self, now):
        self.ensure_one()
        first = self.atr_message_ids.filtered(
            lambda message: message.direction == "out" and message.step == "01"
        )[:1]
        contract = self.contract_id
        return {
            "sender": first.sender_code or self.company_id.energy_ree_code,
            "receiver": self.distributor_code or first.receiver_code,
            "process": self.process,
            "step": atr_builder.CANCEL_STEPS[self.process],
            "request_code": self.name,
            "sequence": "01",
            "date": contract._atr_local_now(now),
            "cups": first.cups or self.cups,
        }


class EnergyAtrMessage(models.Model):
    _inherit = "energy.atr.message"

    @api.model
    def _create_outgoing(self, vals_list):
        """Store outgoing messages (state to send) with their raw XML kept as
        an attachment. Each vals: ``case_id`` and ``xml`` (bytes); the header
        fields are read from the XML itself. Returns the messages."""
        cases = self.env["energy.atr.case"].browse([v["case_id"] for v in vals_list])
        message_vals = []
        for vals, case in zip(vals_list, cases, strict=True):
            header = atr_builder.read_header(vals["xml"])
            message_vals.append(
                {
                    "case_id": case.id,
                    "company_id": case.company_id.id,
                    "direction": "out",
                    "state": "to_send",
                    "process": header["process"],
                    "step": header["step"],
                    "request_code": header["request_code"],
                    "sequence": header["sequence"],
                    "date": self._atr_utc(header["date"]),
                    "cups": header["cups"],
                    "sender_code": header["sender"],
                    "receiver_code": header["receiver"],
                    "distributor_id": case.distributor_id.id,
                    "file_name": atr_builder.file_name(header),
                    "xml_hash": hashlib.sha256(vals["xml"]).hexdigest(),
                }
            )
        messages = self.create(message_vals)
        # the user just created the messages: the files are theirs to attach
        # (sudo spares one access check per message)
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": message.file_name,
                        "raw": vals["xml"],
                        "mimetype": "application/xml",
                        "res_model": self._name,
                        "res_id": message.id,
                        "company_id": message.company_id.id,
                    }
                    for message, vals in zip(messages, vals_list, strict=True)
                ]
            )
        )
        for message, attachment in zip(messages, attachments, strict=True):
            message.attachment_id = attachment
        return messages

    @api.model
    def _atr_utc(self, local):
        """Naive UTC datetime of a FechaSolicitud in Spain's time."""
        if not local:
            return False
        value = fields.Datetime.to_datetime(local)
        if not isinstance(value, datetime.datetime):
            return False
        return (
            pytz.timezone(SPAIN_TZ)
            .localize(value)
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )

    def _atr_log_on_requests(self):
        """An `atr_message` event with the file on each message's request."""
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": message.case_id.contract_id.id,
                    "event_type": "atr_message",
                    "new_value": f"{message.process}-{message.step}",
                    "reason": self.env._(
                        "%(process)s-%(step)s %(code)s for %(distributor)s, to send.",
                        process=message.process,
                        step=message.step,
                        code=message.request_code,
                        distributor=message.distributor_id.display_name
                        or message.receiver_code,
                    ),
                    "attachment_ids": message.attachment_id.ids,
                }
                for message in self
                if message.case_id.contract_id
            ]
        )

    def _atr_raw(self):
        """Raw bytes of the message's XML."""
        self.ensure_one()
        return self.attachment_id.raw or b""
