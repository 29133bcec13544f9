# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""P0 (real-time supply point consultation) with a distributor's web service.

The step 01 request is built with gestionatr's output classes and the step 02
answer (information or rejection) is read with gestionatr's P0 input class.
The SOAP transport is ours: gestionatr's `request_p0` still calls
`base64.encodestring`, removed in Python 3.9, and disables TLS checks. The
envelopes are gestionatr's, per distributor, with its fallbacks."""

import secrets
import warnings

import requests
from gestionatr.input.messages import P0
from lxml import etree

with warnings.catch_warnings():
    # libcomxml, under gestionatr's builders, still imports pkg_resources.
    warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
    from gestionatr.output.messages import sw_p0
    from gestionatr.output.messages.base import Cabecera

RESPONSE_TAGS = ("MensajeEnvioInformacionPS", "MensajeRechazoP0")


class P0Fault(Exception):
    """The web service answered with a SOAP fault or something unreadable."""


def build_request(emitter, destination, cups, when):
    """The P0 step 01 XML asking `destination` (distributor REE code) about a CUPS.

    :param when: datetime of the request
    """
    header = Cabecera()
    header.feed(
        {
            "codigo_ree_empresa_emisora": emitter,
            "codigo_ree_empresa_destino": destination,
            "codigo_del_proceso": "P0",
            "codigo_del_paso": "01",
            "codigo_de_solicitud": f"{secrets.randbelow(10**12):012d}",
            "secuencial_de_solicitud": "01",
            "fecha": when.strftime("%Y-%m-%d %H:%M:%S"),
            "cups": cups,
        }
    )
    message = sw_p0.MensajeSolicitudInformacionAlRegistroDePS()
    message.feed({"cabecera": header})
    message.build_tree()
    return str(message)


def envelopes(destination):
    """SOAP envelope templates to try for a distributor, best first."""
    first = sw_p0.ENVELOP_BY_DISTR.get(destination, sw_p0.ENVELOP_BY_DISTR["altres"])
    return [
        first,
        sw_p0.ENVELOP_BY_DISTR["reintent"],
        sw_p0.ENVELOP_BY_DISTR["reintent_2"],
    ]


def extract_message(content):
    """The P0 step 02 message inside a SOAP answer, as bytes.

    :raise P0Fault: on a SOAP fault or an answer without a P0 message"""
    try:
        root = etree.fromstring(content)
    except etree.XMLSyntaxError as error:
        raise P0Fault(str(error)) from error
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in RESPONSE_TAGS:
            return etree.tostring(element)
        if name == "faultstring":
            raise P0Fault(element.text or "SOAP fault")
    raise P0Fault("no P0 message in the answer")


def request(url, user, password, xml, destination, timeout=20, session=None):
    """Send a P0 step 01 and return the parsed step 02 (gestionatr P0).

    Network errors propagate (requests.RequestException); a SOAP fault after
    every envelope raises P0Fault."""
    session = session or requests.Session()
    xml = xml.replace("<?xml version='1.0' encoding='UTF-8'?>", "").strip()
    fault = None
    for envelope in envelopes(destination):
        response = session.request(
            "POST",
            url,
            data=envelope["template"].format(xml_str=xml).encode("utf-8"),
            headers={
                "Content-Type": "text/xml; charset=utf-8",
                **envelope["extra_headers"],
            },
            auth=(user, password),
            timeout=(min(timeout, 10), timeout),
        )
        if response.status_code in (401, 403):
            response.raise_for_status()  # wrong credentials: no use retrying
        try:
            message = P0(extract_message(response.content))
        except P0Fault as error:
            fault = fault or error
            continue
        message.parse_xml(validate=False)
        return message
    raise fault
