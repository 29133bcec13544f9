# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Outgoing CNMC ATR messages built from plain values with gestionatr.

Pure functions, no Odoo import: they take dicts of strings, numbers and dates
and return the XML bytes that gestionatr's ``XmlModel`` classes build (XML is
never written by hand). Callers check their data first and validate the result
with :func:`validate` before storing it.

Value dicts (keys not given are left out of the message):

``header``
    ``sender`` (our REE code, 4 digits), ``receiver`` (distributor REE code),
    ``process`` ("C1"...), ``step`` ("01"...), ``request_code`` (12 digits),
    ``sequence`` ("01"), ``date`` (datetime, date or "YYYY-MM-DD HH:MM:SS",
    local time), ``cups`` (20 or 22 characters).
``client``
    ``id_type`` (TABLA_6: NI, NE, PS, NV, OT), ``id``, ``person_type`` (F/J),
    ``first_name``, ``surname1``, ``surname2`` (people) or ``company_name``,
    ``phones`` (list of (country prefix, number)), ``email``.
``request``
    ``activation`` (TABLA_8: A, L, F), ``activation_date`` (with F),
    ``cnae``, ``modification_type`` (TABLA_7), ``admin_type`` (TABLA_53),
    ``reason`` (B1 motivo, TABLA_10), ``unconditional_ps`` / ``unconditional_bs``
    (S/N, C1/C2), ``ref_request_code`` and ``withdrawal_type`` (E1, TABLA_122).
``contract``
    ``contract_type`` (TABLA_9, default "01"), ``tariff`` (TABLA_17 code),
    ``powers_w`` (list of ints, watts, P1 first), ``power_control`` (1 ICP,
    2 maximeter), ``contact`` ({``name``, ``phones``, ``email``}).
``comments``
    Free text (up to 4000 characters).
"""

import datetime
import re

from gestionatr.input import messages as input_messages
from gestionatr.output.messages import sw_a3, sw_b1, sw_c1, sw_c2, sw_e1, sw_m1
from gestionatr.output.messages.base import Cabecera, CabeceraReclamacion
from gestionatr.utils import validate_xml
from lxml import etree
from stdnum.es import cif as stdnum_cif
from stdnum.es import dni as stdnum_dni
from stdnum.es import nie as stdnum_nie

STEP01_PROCESSES = ("A3", "B1", "C1", "C2", "E1", "M1")
# The step of each process by which the requester cancels its own request
# (CNMC formats: A3/M1-06, B1-03, C1/C2/E1-08, all `AnulacionSolicitud`).
CANCEL_STEPS = {"A3": "06", "M1": "06", "B1": "03", "C1": "08", "C2": "08", "E1": "08"}
ACTIVATION_CODES = ("A", "L", "F")
# Country calling codes of two digits (the rest are one digit: 1 and 7, or three).
_TWO_DIGIT_PREFIXES = {
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44",
    "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58",
    "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91",
    "92", "93", "94", "95", "98",
}  # fmt: skip
_XSD_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([A-Za-z]+)'")
_XSD_EXPECTED = re.compile(r"Expected is (?:one of )?\( ?(?:\{[^}]*\})?([A-Za-z]+)")
_XSD_VALUE = re.compile(r"The value '([^']*)'")
_XSD_NAMESPACE = re.compile(r"\{[a-z]+://[^}]*\}")
_SCHEMAS = {}

# ----------------------------------------------------------------------
# Helpers on plain values (identity, name, phone)
# ----------------------------------------------------------------------


def client_identity(vat):
    """(TipoIdentificador, identifier, TipoPersona) of a Spanish VAT number.

    NIF of a person (DNI) → ("NI", ..., "F"); NIE → ("NE", ..., "F"); CIF of a
    company → ("NI", ..., "J") (the CNMC table has a single NIF code for both).
    A foreign EU VAT number → ("NV", ..., "J"). None when empty or invalid."""
    raw = re.sub(r"[\s.\-/]", "", vat or "").upper()
    if not raw:
        return None
    number = raw[2:] if raw.startswith("ES") else raw
    if stdnum_dni.is_valid(number):
        return ("NI", stdnum_dni.compact(number), "F")
    if stdnum_nie.is_valid(number):
        return ("NE", stdnum_nie.compact(number), "F")
    if stdnum_cif.is_valid(number):
        return ("NI", stdnum_cif.compact(number), "J")
    if re.fullmatch(r"[A-Z]{2}[0-9A-Z]{5,12}", raw) and not raw.startswith("ES"):
        return ("NV", raw, "J")
    return None


def split_person_name(name):
    """(first name, first surname, second surname) of a Spanish full name.

    The last two words are the surnames ("María José García López"); with two
    words only the first surname is known. None when there is a single word."""
    words = (name or "").split()
    if len(words) < 2:
        return None
    if len(words) == 2:
        return (words[0], words[1], False)
    return (" ".join(words[:-2]), words[-2], words[-1])


def split_phone(phone, default_prefix="34"):
    """(country prefix, national number) of a phone typed in any format, or None.

    "+34 600 00 00 00", "0034600000000" and "600000000" all give ("34",
    "600000000"); other countries keep their calling code."""
    raw = (phone or "").strip()
    digits = re.sub(r"\D", "", raw)
    international = raw.startswith("+") or digits.startswith("00")
    if digits.startswith("00"):
        digits = digits[2:]
    if international:
        if digits[:1] in ("1", "7"):
            size = 1
        elif digits[:2] in _TWO_DIGIT_PREFIXES:
            size = 2
        else:
            size = 3
        prefix, number = digits[:size], digits[size:]
    else:
        prefix, number = default_prefix, digits
    if not 6 <= len(number) <= 12 or not prefix:
        return None
    return (prefix, number)


def format_date(value):
    """ "YYYY-MM-DD" of a date (or a string already in that form)."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value)[:10]


def format_datetime(value):
    """ "YYYY-MM-DD HH:MM:SS" of a datetime, date or string."""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d 00:00:00")
    return str(value)


# ----------------------------------------------------------------------
# Pieces
# ----------------------------------------------------------------------


def header_model(header, claim=False):
    """``Cabecera`` (``CabeceraReclamacion`` for R1 when ``claim``)."""
    model = CabeceraReclamacion() if claim else Cabecera()
    model.feed(
        {
            "codigo_ree_empresa_emisora": header["sender"],
            "codigo_ree_empresa_destino": header["receiver"],
            "codigo_del_proceso": header["process"],
            "codigo_del_paso": header["step"],
            "codigo_de_solicitud": header["request_code"],
            "secuencial_de_solicitud": header.get("sequence") or "01",
            "fecha": format_datetime(header["date"]),
            "cups": header["cups"],
        }
    )
    return model


def phone_models(phones, module=sw_c1):
    models = []
    for prefix, number in (phones or [])[:5]:
        phone = module.Telefono()
        phone.feed({"prefijo_pais": prefix, "numero": number})
        models.append(phone)
    return models


def id_client_model(client, module=sw_c1):
    model = module.IdCliente()
    model.feed(
        {
            "tipo_identificador": client["id_type"],
            "identificador": client["id"],
            "tipo_persona": client.get("person_type"),
        }
    )
    return model


def name_model(client, module=sw_c1):
    model = module.Nombre()
    if client.get("person_type") == "J" or client.get("company_name"):
        model.feed({"razon_social": (client.get("company_name") or "")[:80]})
    else:
        model.feed(
            {
                "nombre_de_pila": (client.get("first_name") or "")[:80],
                "primer_apellido": (client.get("surname1") or "")[:80],
                "segundo_apellido": (client.get("surname2") or "")[:80] or None,
            }
        )
    return model


def client_model(client, with_address=False):
    """``Cliente``; ``with_address`` gives ``ClienteConDireccion`` (A3, C2, M1):
    the correspondence address is the supply point's (IndicadorTipoDireccion S)."""
    module = sw_c2 if with_address else sw_c1
    model = module.Cliente()
    email = client.get("email")
    values = {
        "id_cliente": id_client_model(client, module),
        "nombre": name_model(client, module),
        "telefonos": phone_models(client.get("phones"), module),
        "correo_electronico": email if email and len(email) <= 60 else None,
    }
    if with_address:
        values["indicador_tipo_direccion"] = client.get("address_type") or "S"
    model.feed(values)
    return model


def contact_model(contact, with_email=True):
    model = sw_c2.Contacto()
    email = contact.get("email") if with_email else None
    model.feed(
        {
            "persona_de_contacto": (contact.get("name") or "")[:150],
            "telefonos": phone_models(contact.get("phones"), sw_c2),
            "correo_electronico": email if email and len(email) <= 60 else None,
        }
    )
    return model


def powers_model(powers_w):
    model = sw_c2.PotenciasContratadas()
    model.feed(
        {
            f"p{period}": int(round(watts))
            for period, watts in enumerate(powers_w or [], start=1)
            if period <= 6
        }
    )
    return model


def contract_model(contract, contact_with_email=True):
    """``Contrato`` with the conditions asked for (A3, C2, M1)."""
    conditions = sw_c2.CondicionesContractuales()
    conditions.feed(
        {
            "tarifa_atr": contract["tariff"],
            "potencias_contratadas": powers_model(contract["powers_w"]),
            "modo_control_potencia": contract.get("power_control"),
        }
    )
    model = sw_c2.Contrato()
    values = {
        "tipo_contrato_atr": contract.get("contract_type") or "01",
        "condiciones_contractuales": conditions,
    }
    if contract.get("contact"):
        values["contacto"] = contact_model(contract["contact"], contact_with_email)
    model.feed(values)
    return model


def _activation_values(request):
    activation = request.get("activation") or "A"
    return {
        "ind_activacion": activation,
        "fecha_prevista_accion": format_date(request.get("activation_date"))
        if activation == "F"
        else None,
    }


# ----------------------------------------------------------------------
# Step 01 of each process
# ----------------------------------------------------------------------


def build_a3_01(values):
    """A3-01 ``MensajeAlta``: new supply (CNAE, contract and contact required)."""
    request = values.get("request") or {}
    data = sw_a3.DatosSolicitud()
    data.feed({"cnae": request.get("cnae"), **_activation_values(request)})
    body = sw_a3.Alta()
    body.feed(
        {
            "datos_solicitud": data,
            "contrato": contract_model(values["contract"], contact_with_email=False),
            "cliente": client_model(values["client"], with_address=True),
            "comentarios": values.get("comments"),
        }
    )
    root = sw_a3.MensajeAlta()
    root.feed({"cabecera": header_model(values["header"]), "alta": body})
    return serialize(root)


def build_c1_01(values):
    """C1-01 ``MensajeCambiodeComercializadorSinCambios``: switch as is."""
    request = values.get("request") or {}
    data = sw_c1.DatosSolicitud()
    data.feed(
        {
            **_activation_values(request),
            "contratacion_incondicional_ps": request.get("unconditional_ps") or "N",
            "contratacion_incondicional_bs": request.get("unconditional_bs") or "N",
        }
    )
    body = sw_c1.CambiodeComercializadorSinCambios()
    body.feed(
        {
            "datos_solicitud": data,
            "cliente": client_model(values["client"]),
            "comentarios": values.get("comments"),
        }
    )
    root = sw_c1.MensajeCambiodeComercializadorSinCambios()
    root.feed(
        {
            "cabecera": header_model(values["header"]),
            "cambiode_comercializador_sin_cambios": body,
        }
    )
    return serialize(root)


def build_c2_01(values):
    """C2-01 ``MensajeCambiodeComercializadorConCambios``: switch with technical
    and/or administrative changes (holder change by transfer or subrogation)."""
    request = values.get("request") or {}
    data = sw_c2.DatosSolicitud()
    data.feed(
        {
            "tipo_modificacion": request.get("modification_type") or "N",
            "tipo_solicitud_administrativa": request.get("admin_type"),
            "cnae": request.get("cnae"),
            **_activation_values(request),
            "contratacion_incondicional_ps": request.get("unconditional_ps") or "N",
            "contratacion_incondicional_bs": request.get("unconditional_bs") or "N",
        }
    )
    body = sw_c2.CambiodeComercializadorConCambios()
    feed = {
        "datos_solicitud": data,
        "cliente": client_model(values["client"], with_address=True),
        "comentarios": values.get("comments"),
    }
    if values.get("contract"):
        feed["contrato"] = contract_model(values["contract"])
    body.feed(feed)
    root = sw_c2.MensajeCambiodeComercializadorConCambios()
    root.feed(
        {
            "cabecera": header_model(values["header"]),
            "cambiode_comercializador_con_cambios": body,
        }
    )
    return serialize(root)


def build_m1_01(values):
    """M1-01 ``MensajeModificacionDeATR``: power/tariff change (N), holder change
    (S + T/S) or both (A). The contract block goes with technical changes."""
    request = values.get("request") or {}
    data = sw_m1.DatosSolicitud()
    data.feed(
        {
            "tipo_modificacion": request.get("modification_type") or "N",
            "tipo_solicitud_administrativa": request.get("admin_type"),
            "cnae": request.get("cnae"),
            **_activation_values(request),
        }
    )
    body = sw_m1.ModificacionDeATR()
    feed = {
        "datos_solicitud": data,
        "cliente": client_model(values["client"], with_address=True),
        "comentarios": values.get("comments"),
    }
    if values.get("contract"):
        feed["contrato"] = contract_model(values["contract"], contact_with_email=False)
    body.feed(feed)
    root = sw_m1.MensajeModificacionDeATR()
    root.feed({"cabecera": header_model(values["header"]), "modificacion_de_atr": body})
    return serialize(root)


def build_b1_01(values):
    """B1-01 ``MensajeBajaSuspension`` with its motivo (TABLA_10)."""
    request = values.get("request") or {}
    data = sw_b1.DatosSolicitud()
    data.feed({**_activation_values(request), "motivo": request.get("reason")})
    body = sw_b1.BajaSuspension()
    body.feed(
        {
            "datos_solicitud": data,
            "cliente": client_model(values["client"]),
            "comentarios": values.get("comments"),
        }
    )
    root = sw_b1.MensajeBajaSuspension()
    root.feed({"cabecera": header_model(values["header"]), "baja_suspension": body})
    return serialize(root)


def build_e1_01(values):
    """E1-01 ``MensajeSolicitudDesistimiento``: withdrawal of the request
    ``ref_request_code`` (TipoDeSolicitud TABLA_122, 01 within 14 days)."""
    request = values.get("request") or {}
    body = sw_e1.SolicitudDesistimiento()
    body.feed(
        {
            "codigo_de_solicitud_ref": request.get("ref_request_code"),
            "tipo_de_solicitud": request.get("withdrawal_type") or "01",
            "id_cliente": id_client_model(values["client"], sw_e1),
        }
    )
    root = sw_e1.MensajeSolicitudDesistimiento()
    root.feed(
        {"cabecera": header_model(values["header"]), "solicitud_desistimiento": body}
    )
    return serialize(root)


STEP01_BUILDERS = {
    "A3": build_a3_01,
    "B1": build_b1_01,
    "C1": build_c1_01,
    "C2": build_c2_01,
    "E1": build_e1_01,
    "M1": build_m1_01,
}


def build_step01(values):
    """Step 01 of ``values["header"]["process"]`` (see the module docstring)."""
    process = values["header"]["process"]
    if process not in STEP01_BUILDERS:
        raise ValueError(f"No step 01 builder for process {process}")
    return STEP01_BUILDERS[process](values)


def build_cancellation(header):
    """``MensajeAnulacionSolicitud`` of the process (A3/M1-06, B1-03,
    C1/C2/E1-08). ``header`` as for step 01; its step is set here."""
    process = header["process"]
    if process not in CANCEL_STEPS:
        raise ValueError(f"Process {process} has no cancellation step")
    root = sw_c1.MensajeAnulacionSolicitud()
    root.feed({"cabecera": header_model(dict(header, step=CANCEL_STEPS[process]))})
    return serialize(root)


# ----------------------------------------------------------------------
# Serialisation, validation, parsing
# ----------------------------------------------------------------------


def serialize(root):
    """UTF-8 bytes with the XML declaration of a gestionatr root model."""
    root.build_tree()
    return root.serialize()


def validate(xml):
    """(valid, error text) of an ATR XML against its CNMC XSD (gestionatr)."""
    try:
        result = validate_xml(xml)
    except Exception as error:  # gestionatr lets some parse errors through
        return False, str(getattr(error, "value", error))
    return bool(result.valid), result.error


def xsd_errors(xml):
    """Every XSD error of an ATR XML, as dicts: ``element`` (tag at fault),
    ``missing`` (the child element expected there, if any), ``value`` (the
    refused value, if any) and ``message`` (lxml's text without namespaces).

    gestionatr stops at the first error; this reads the whole error log of
    the same XSD so that a user sees all problems at once."""
    try:
        head = input_messages.Message(xml)
        schema = _SCHEMAS.get(head.xsd)
        if schema is None:
            schema = _SCHEMAS[head.xsd] = etree.XMLSchema(etree.parse(head.xsd))
        document = etree.fromstring(xml)
    except Exception as error:
        message = str(getattr(error, "value", error))
        return [{"element": "", "missing": None, "value": None, "message": message}]
    if schema.validate(document):
        return []
    errors = []
    for entry in schema.error_log:
        element = _XSD_ELEMENT.search(entry.message)
        missing = _XSD_EXPECTED.search(entry.message)
        value = _XSD_VALUE.search(entry.message)
        errors.append(
            {
                "element": element.group(1) if element else "",
                "missing": missing.group(1)
                if missing and "Missing child" in entry.message
                else None,
                "value": value.group(1) if value else None,
                "message": _XSD_NAMESPACE.sub("", entry.message),
            }
        )
    return errors


def read_header(xml):
    """Header values (as in ``header``, ``date`` as the text of FechaSolicitud
    in "YYYY-MM-DD HH:MM:SS") of an ATR XML, read with gestionatr."""
    head = input_messages.Message(xml).head

    def text(tag):
        node = getattr(head, tag, None)
        return node.text if node is not None else None

    date = text("FechaSolicitud")
    return {
        "sender": text("CodigoREEEmpresaEmisora"),
        "receiver": text("CodigoREEEmpresaDestino"),
        "process": text("CodigoDelProceso"),
        "step": text("CodigoDePaso"),
        "request_code": text("CodigoDeSolicitud"),
        "sequence": text("SecuencialDeSolicitud"),
        "date": date.replace("T", " ")[:19] if date else None,
        "cups": text("CUPS"),
    }


def file_name(header):
    """File name of a message: process and step, sender, receiver, request
    code and sequence, e.g. ``C101_1234_0021_202600000001_01.xml``."""
    return "{process}{step}_{sender}_{receiver}_{request_code}_{sequence}.xml".format(
        **{
            key: header.get(key) or ""
            for key in (
                "process",
                "step",
                "sender",
                "receiver",
                "request_code",
                "sequence",
            )
        }
    )


def parse(xml):
    """The parsed, XSD-validated gestionatr message of its process (C1, M1...).

    Raises gestionatr's ``except_f1`` when the file is not valid."""
    head = input_messages.Message(xml)
    message = getattr(input_messages, head.tipus)(xml)
    message.parse_xml()
    return message
