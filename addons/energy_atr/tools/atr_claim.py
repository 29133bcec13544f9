# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R1-01 claims (``MensajeReclamacionPeticion``) built from plain values with
gestionatr, and the CNMC claim typology the watchdog needs.

Pure functions, no Odoo import, in the spirit of ``atr_builder`` (whose header,
serialisation and validation helpers are reused). XML is never written by hand.

Value dict of :func:`build_r1_01`:

``header``
    as in ``atr_builder``; the process is R1 and the step 01.
``claim``
    ``type`` (CNMC table 81), ``subtype`` (table 82), ``request_code_ref``
    (CodigoSolicitud of the request the claim is about), ``previous_claim_code``
    (CodigoSolicitudReclamacion, subtypes that need it), ``claimant_type``
    (table 83, default "06": the retailer), ``comments``, ``origin_reference``
    (ReferenciaOrigen: our own reference of the claim, e.g. the customer's
    claim number).
``claimant``
    optional: ``id_type``, ``id``, ``company_name``, ``email`` of the retailer.
"""

import functools
import os

import gestionatr
from gestionatr.defs import SUBTYPES_R101
from gestionatr.output.messages import sw_r1
from lxml import etree

from . import atr_builder

# Claim type 03 "contratación": the distributor missed the deadline of a
# request (CNMC table 82, docs/domain-es-energy.md section 5.2). Per process,
# the subtype for a late acceptance (step 02 due) and for a late activation
# (step 05 due).
LATE_ACCEPTANCE_SUBTYPES = {
    "A3": "062",  # retraso en plazo aceptación alta de un nuevo suministro
    "B1": "064",  # retraso en plazo aceptación de una baja
    "C1": "058",  # retraso en plazo aceptación cambio de comercializador
    "C2": "058",
    "E1": "071",  # retraso en plazo aceptación desistimiento
    "M1": "060",  # retraso en plazo aceptación modificación contractual
}
LATE_ACTIVATION_SUBTYPES = {
    "A3": "063",
    "B1": "065",
    "C1": "059",
    "C2": "059",
    "E1": "072",
    "M1": "061",
}
# Retraso plazo aceptación anulación: the answer to our cancellation is late.
LATE_CANCELLATION_SUBTYPE = "074"
# Subtypes whose minimum fields include the earlier claim/request code
# (gestionatr SUBTYPES_R101 "cod_reclam_anterior").
NEEDS_PREVIOUS_CODE = {
    row["code"] for row in SUBTYPES_R101 if "cod_reclam_anterior" in row["min_fields"]
}
CLAIMANT_RETAILER = "06"


@functools.lru_cache(maxsize=1)
def xsd_subtypes():
    """The claim subtypes the CNMC XSD accepts in an R1-01 (gestionatr also
    lists retailer-side subtypes that never travel to the distributor)."""
    path = os.path.join(
        os.path.dirname(gestionatr.__file__), "data", "TiposSencillos.xsd"
    )
    tree = etree.parse(path)
    return tuple(
        tree.xpath(
            "//xs:simpleType[@name='SubtipoReclamacionPeticion']"
            "//xs:enumeration/@value",
            namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
        )
    )


def subtype_rows():
    """[(subtype, type, label)] of the subtypes that can be sent, in code order."""
    accepted = set(xsd_subtypes())
    return sorted(
        (row["code"], row["type"], row["name"].strip())
        for row in SUBTYPES_R101
        if row["code"] in accepted
    )


def subtype_type(subtype):
    """CNMC claim type (table 81) of a subtype, or None."""
    for row in SUBTYPES_R101:
        if row["code"] == subtype:
            return row["type"]
    return None


def late_answer_subtype(process, awaited_step, cancellation=False):
    """(type, subtype) of the claim for a distributor that did not send
    ``awaited_step`` of ``process`` in time, or None when the typology has no
    subtype for it. ``cancellation``: the late answer is the one to our
    cancellation request."""
    if cancellation:
        return ("03", LATE_CANCELLATION_SUBTYPE)
    if awaited_step == "02":
        subtype = LATE_ACCEPTANCE_SUBTYPES.get(process)
    elif awaited_step == "05":
        subtype = LATE_ACTIVATION_SUBTYPES.get(process)
    else:
        subtype = None
    return ("03", subtype) if subtype else None


def claimant_model(claimant):
    identity = sw_r1.IdReclamante()
    identity.feed(
        {"tipo_identificador": claimant["id_type"], "identificador": claimant["id"]}
    )
    name = sw_r1.Nombre()
    name.feed({"razon_social": (claimant.get("company_name") or "")[:80]})
    email = claimant.get("email")
    model = sw_r1.Reclamante()
    model.feed(
        {
            "id_reclamante": identity,
            "nombre": name,
            "correo_electronico": email if email and len(email) <= 60 else None,
        }
    )
    return model


def build_r1_01(values):
    """R1-01 ``MensajeReclamacionPeticion`` (see the module docstring)."""
    claim = values["claim"]
    data = sw_r1.DatosSolicitud()
    data.feed(
        {
            "tipo": claim["type"],
            "subtipo": claim["subtype"],
            "referencia_origen": (claim.get("origin_reference") or "")[:35] or None,
        }
    )
    body_values = {
        "datos_solicitud": data,
        "tipo_reclamante": claim.get("claimant_type") or CLAIMANT_RETAILER,
        "comentarios": (claim.get("comments") or "")[:4000] or None,
    }
    detail_values = {
        "codigo_solicitud": claim.get("request_code_ref"),
        "codigo_solicitud_reclamacion": claim.get("previous_claim_code"),
    }
    if any(detail_values.values()):
        detail = sw_r1.VariableDetalleReclamacion()
        detail.feed(detail_values)
        details = sw_r1.VariablesDetalleReclamacion()
        details.feed({"variable_detalle_reclamacion_list": [detail]})
        body_values["variables_detalle_reclamacion"] = details
    if values.get("claimant"):
        body_values["reclamante"] = claimant_model(values["claimant"])
    body = sw_r1.SolicitudReclamacion()
    body.feed(body_values)
    header = dict(values["header"], process="R1", step="01")
    root = sw_r1.MensajeReclamacionPeticion()
    root.feed(
        {
            "cabecera_reclamacion": atr_builder.header_model(header, claim=True),
            "solicitud_reclamacion": body,
        }
    )
    return atr_builder.serialize(root)
