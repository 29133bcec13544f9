# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R1 messages built with gestionatr's own builders and validated against
the CNMC XSD: the distributor's request for information (03) and closure
(05), which the demo imports and the tests use, and our answer with the
information (04). Pure Python: no Odoo import."""

import datetime

from gestionatr.output.messages import sw_r1
from gestionatr.output.messages.base import CabeceraReclamacion
from gestionatr.utils import validate_xml


class R1AnswerError(ValueError):
    """A built answer does not validate against the CNMC XSD."""


def _header(step, request_code, cups, sender, receiver, when):
    header = CabeceraReclamacion()
    header.feed(
        {
            "codigo_ree_empresa_emisora": sender,
            "codigo_ree_empresa_destino": receiver,
            "codigo_del_proceso": "R1",
            "codigo_del_paso": step,
            "codigo_de_solicitud": request_code,
            "secuencial_de_solicitud": "01",
            "fecha": when.strftime("%Y-%m-%dT%H:%M:%S"),
            "cups": cups,
        }
    )
    return header


def _finish(message):
    message.build_tree()
    xml = str(message)
    checked = validate_xml(xml)
    if not checked.valid:
        raise R1AnswerError(checked.error)
    return xml.encode("utf-8")


def r1_information_request(
    request_code,
    cups,
    sender,
    receiver,
    info_type,
    description,
    deadline,
    distributor_code="2026000123",
    when=None,
):
    """R1-03 (``MensajePeticionInformacionAdicionalReclamacion``): the
    distributor asks for information of type `info_type` (table 85)."""
    when = when or datetime.datetime.now().replace(microsecond=0)
    data = sw_r1.DatosInformacion()
    data.feed(
        {
            "tipo_comunicacion": "01",
            "codigo_reclamacion_distribuidora": distributor_code,
        }
    )
    request = sw_r1.SolicitudInformacionAdicional()
    request.feed(
        {
            "tipo_informacion_adicional": info_type,
            "desc_peticion_informacion": description,
            "fecha_limite_envio": deadline.strftime("%Y-%m-%d"),
        }
    )
    requests = sw_r1.SolicitudesInformacionAdicional()
    requests.feed({"solicitud_informacion_adicional_list": [request]})
    information = sw_r1.InformacionAdicional()
    information.feed(
        {
            "datos_informacion": data,
            "solicitudes_informacion_adicional": requests,
            "comentarios": description,
        }
    )
    message = sw_r1.MensajePeticionInformacionAdicionalReclamacion()
    message.feed(
        {
            "cabecera_reclamacion": _header(
                "03", request_code, cups, sender, receiver, when
            ),
            "informacion_adicional": information,
        }
    )
    return _finish(message)


def r1_information(
    request_code, cups, sender, receiver, info_type, description, comments, when
):
    """R1-04 (``MensajeEnvioInformacionReclamacion``): we send the
    information of type `info_type` (table 85) the distributor asked for."""
    data = sw_r1.DatosEnvioInformacion()
    data.feed({"fecha_informacion": when.strftime("%Y-%m-%d")})
    variable = sw_r1.VariableAportacionInformacion()
    variable.feed(
        {"tipo_informacion": info_type, "desc_peticion_informacion": description}
    )
    variables = sw_r1.VariablesAportacionInformacion()
    variables.feed({"variable_aportacion_informacion_list": [variable]})
    information = sw_r1.EnvioInformacionReclamacion()
    information.feed(
        {
            "datos_envio_informacion": data,
            "variables_aportacion_informacion": variables,
            "comentarios": comments,
        }
    )
    message = sw_r1.MensajeEnvioInformacionReclamacion()
    message.feed(
        {
            "cabecera_reclamacion": _header(
                "04", request_code, cups, sender, receiver, when
            ),
            "envio_informacion_reclamacion": information,
        }
    )
    return _finish(message)


def r1_closure(
    request_code,
    cups,
    sender,
    receiver,
    claim_type,
    claim_subtype,
    result,
    detail,
    remarks,
    distributor_code="2026000123",
    when=None,
):
    """R1-05 (``MensajeCierreReclamacion``): the distributor closes the
    claim `request_code` with `result` (table 80) and `detail` (table 73)."""
    when = when or datetime.datetime.now().replace(microsecond=0)
    data = sw_r1.DatosCierre()
    data.feed(
        {
            "fecha": when.strftime("%Y-%m-%d"),
            "hora": when.strftime("%H:%M:%S"),
            "tipo": claim_type,
            "subtipo": claim_subtype,
            "codigo_reclamacion_distribuidora": distributor_code,
            "resultado_reclamacion": result,
            "detalle_resultado": detail,
            "observaciones": remarks,
            "indemnizacion_abonada": "0.0",
        }
    )
    closure = sw_r1.CierreReclamacion()
    closure.feed({"datos_cierre": data, "comentarios": remarks})
    message = sw_r1.MensajeCierreReclamacion()
    message.feed(
        {
            "cabecera_reclamacion": _header(
                "05", request_code, cups, sender, receiver, when
            ),
            "cierre_reclamacion": closure,
        }
    )
    return _finish(message)
