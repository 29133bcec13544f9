# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Parse one incoming ATR file with gestionatr (pure Python, no Odoo).

``parse_atr_xml(raw)`` reads the header with ``gestionatr.input.messages.Message``,
picks the process class (``C1``, ``M1`` ...), validates the file against the XSD
gestionatr selects for the process and step, and returns an :class:`AtrParsed`
with the header, the kind of answer and the data the import applies. Errors
are never raised: they are returned as a code (``ERROR_*``) plus the technical
detail, so the caller can translate a clear reason.

``bare_parse(raw)`` is gestionatr's own parse-and-validate, for comparisons.
"""

import hashlib
import os
import threading

from gestionatr.input import messages as atr_messages
from gestionatr.input.messages.message import XSD_DATA, except_f1
from lxml import etree, objectify

# Error codes (translated by energy.atr.message._parse_error_text)
ERROR_EMPTY = "empty"
ERROR_NOT_XML = "not_xml"
ERROR_NOT_ATR = "not_atr"
ERROR_UNKNOWN_PROCESS = "unknown_process"
ERROR_UNKNOWN_STEP = "unknown_step"
ERROR_UNKNOWN_TYPE = "unknown_type"
ERROR_SCHEMA = "invalid_schema"
ERROR_HEADER = "bad_header"

# Kinds of incoming message
KIND_ACCEPTANCE = "acceptance"
KIND_REJECTION = "rejection"
KIND_INCIDENCE = "incidence"
KIND_ACTIVATION = "activation"
KIND_OUTGOING_ACTIVATION = "outgoing_activation"
KIND_OUTGOING_ACCEPTANCE = "outgoing_acceptance"
KIND_OUTGOING_REJECTION = "outgoing_rejection"
KIND_CANCEL_ACCEPTANCE = "cancellation_acceptance"
KIND_CANCEL_REJECTION = "cancellation_rejection"
KIND_CLAIM_CLOSURE = "claim_closure"
KIND_OTHER = "other"

# Processes whose answers drive a supply contract request.
CONTRACT_PROCESSES = ("A3", "B1", "C1", "C2", "E1", "M1")
# Notices a distributor sends to the outgoing retailer of a switch.
OUTGOING_KINDS = (
    KIND_OUTGOING_ACTIVATION,
    KIND_OUTGOING_ACCEPTANCE,
    KIND_OUTGOING_REJECTION,
)
# Steps that answer our cancellation request, per process.
CANCELLATION_ANSWER_STEPS = {
    "A3": ("07",),
    "M1": ("07",),
    "B1": ("04",),
    "C1": ("09", "10"),
    "C2": ("09", "10"),
    "E1": ("09", "10"),
    "E2": ("09", "10"),
    "T1": ("10",),
    "R1": ("09",),
}

_LOCAL = threading.local()


class AtrParsed:
    """What the import needs from one incoming file."""

    __slots__ = (
        "xml_hash",
        "error",
        "error_detail",
        "process",
        "step",
        "request_code",
        "sequence",
        "date",
        "cups",
        "sender_code",
        "receiver_code",
        "kind",
        "xsd",
        # acceptance
        "date_accepted",
        "activation_type",
        "date_expected",
        # rejection / incidence: [(code, comment)]
        "reasons",
        "date_rejected",
        "date_incidence",
        "date_action",
        # activation
        "date_activated",
        "contract_code",
        "tariff_code",
        "powers_w",
        "power_control",
        "contract_type",
        "measure_point_type",
    )

    def __init__(self, xml_hash=None):
        for name in self.__slots__:
            setattr(self, name, None)
        self.xml_hash = xml_hash
        self.reasons = []
        self.powers_w = []

    @property
    def valid(self):
        return not self.error

    @property
    def cups_base(self):
        return (self.cups or "").strip().upper()[:20]

    @property
    def applied_key(self):
        """process/request_code/step/sequence: one application per key."""
        return "/".join(
            [
                self.process or "",
                self.request_code or "",
                self.step or "",
                self.sequence or "",
            ]
        )

    def as_dict(self):
        return {name: getattr(self, name) for name in self.__slots__}

    def __repr__(self):
        error = f" error={self.error}" if self.error else ""
        return (
            f"<AtrParsed {self.request_code} {self.process}-{self.step} "
            f"{self.kind} {self.cups}{error}>"
        )


def xml_hash(raw):
    return hashlib.sha256(raw or b"").hexdigest()


def bare_parse(raw):
    """gestionatr's own parse-and-validate of one file (header, process class,
    ``parse_xml``), as a reference for the import rate. Raises ``except_f1``."""
    head = atr_messages.Message(raw)
    message = getattr(atr_messages, head.tipus)(raw)
    message.parse_xml()
    return message


def _schema_parser(xsd_path):
    """An objectify parser validating against ``xsd_path``: gestionatr's
    ``parse_xml`` compiles the schema on every call; compiled schemas are kept
    per thread (lxml parsers must not be shared across threads)."""
    parsers = getattr(_LOCAL, "parsers", None)
    if parsers is None:
        parsers = _LOCAL.parsers = {}
    parser = parsers.get(xsd_path)
    if parser is None:
        schema = etree.XMLSchema(file=xsd_path)
        parser = parsers[xsd_path] = objectify.makeparser(schema=schema)
    return parser


def _validate(message):
    """Same as ``message.parse_xml(validate=True)`` with a cached schema;
    raises lxml's ``XMLSyntaxError`` when the file breaks the XSD."""
    try:
        message.obj = objectify.fromstring(message.str_xml, _schema_parser(message.xsd))
    except etree.XMLSyntaxError as error:
        message.error = error
        raise


def _text(node, path):
    for name in path.split("."):
        node = getattr(node, name, None)
        if node is None:
            return None
    text = getattr(node, "text", None)
    return text.strip() if text else None


def _diagnose(raw, error):
    """(error code, detail) of a file gestionatr's Message refused."""
    detail = getattr(error, "value", None) or str(error)
    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False))
    except (etree.XMLSyntaxError, ValueError):
        return ERROR_NOT_XML, detail
    head = None
    for name in ("Cabecera", "CabeceraReclamacion"):
        head = root.find("{*}" + name)
        if head is not None:
            break
    if head is None:
        return ERROR_NOT_ATR, detail
    process = head.findtext("{*}CodigoDelProceso")
    step = head.findtext("{*}CodigoDePaso")
    if not process or not step:
        return ERROR_NOT_ATR, detail
    process, step = process.strip(), step.strip()
    if process not in XSD_DATA:
        return ERROR_UNKNOWN_PROCESS, process
    if step not in XSD_DATA[process]:
        return ERROR_UNKNOWN_STEP, f"{process}-{step}"
    return ERROR_UNKNOWN_TYPE, etree.QName(root).localname


def _read_header(result, head):
    header = head.head
    result.process = head.tipus or None
    result.step = head.pas or None
    result.request_code = _text(header, "CodigoDeSolicitud")
    result.sequence = _text(header, "SecuencialDeSolicitud")
    date = _text(header, "FechaSolicitud")
    result.date = " ".join(date.split("T")).split(".")[0][:19] if date else None
    result.cups = _text(header, "CUPS")
    result.sender_code = _text(header, "CodigoREEEmpresaEmisora")
    result.receiver_code = _text(header, "CodigoREEEmpresaDestino")


# Schemas of a rejection carrying TABLA_27 codes (``Rechazos``).
REJECTION_XSDS = ("Rechazo.xsd", "RechazoReclamacion.xsd", "RechazoTraspasoCOR.xsd")
CANCEL_ACCEPTANCE_XSDS = (
    "AceptacionAnulacion.xsd",
    "AceptacionAnulacionBaja.xsd",
    "AceptacionAnulacionReclamacion.xsd",
)


def _classify(process, step, xsd):
    if xsd == "ActivacionComercializadorSaliente.xsd":
        return KIND_OUTGOING_ACTIVATION
    if xsd == "AceptacionCambiodeComercializadorSaliente.xsd":
        return KIND_OUTGOING_ACCEPTANCE
    if xsd == "RechazoCambiodeComercializadorSaliente.xsd":
        return KIND_OUTGOING_REJECTION
    if xsd in REJECTION_XSDS:
        if step in CANCELLATION_ANSWER_STEPS.get(process, ()):
            return KIND_CANCEL_REJECTION
        return KIND_REJECTION
    if xsd == "IncidenciasATRDistribuidor.xsd":
        return KIND_INCIDENCE
    if xsd in CANCEL_ACCEPTANCE_XSDS:
        return KIND_CANCEL_ACCEPTANCE
    if process == "R1" and step == "05":
        return KIND_CLAIM_CLOSURE
    if step == "02" and xsd.startswith("Aceptacion"):
        return KIND_ACCEPTANCE
    if step == "05" and xsd.startswith("Activacion"):
        return KIND_ACTIVATION
    return KIND_OTHER


def _read_reasons(items):
    return [
        ((item.codigo_motivo or "").strip(), (item.comentarios or "").strip())
        for item in items or []
    ]


def _read_contract(result, contract):
    if not contract:
        return
    result.contract_code = contract.cod_contrato or None
    result.contract_type = contract.tipo_contrato_atr or None
    try:
        result.tariff_code = contract.tarifa_atr or None
        result.power_control = contract.modo_control_potencia or None
        result.powers_w = contract.potencias_contratadas
    except AttributeError:
        # no CondicionesContractuales (e.g. 06 notices, B1/E1 activations)
        result.powers_w = []


def _read_rejection(result, message):
    result.reasons = _read_reasons(getattr(message, "rechazos", []))
    result.date_rejected = _text(message.obj, "Rechazos.FechaRechazo")


def _read_incidence(result, message):
    result.reasons = _read_reasons(message.incidencias)
    result.date_incidence = message.fecha_incidencia or None
    result.date_action = message.fecha_prevista_accion or None


def _read_acceptance(result, message):
    process = result.process
    if process == "E1":
        result.date_accepted = message.fecha_aceptacion or None
        result.date_expected = message.fecha_activacion_prevista or None
        return
    data = getattr(message, "datos_aceptacion", None)
    if data:
        result.date_accepted = data.fecha_aceptacion or None
    if process == "B1":
        if data:
            result.activation_type = data.tipo_activacion_prevista or None
            result.date_expected = data.fecha_activacion_prevista or None
        return
    contract = message.contrato if process in CONTRACT_PROCESSES else None
    if contract:
        result.activation_type = contract.tipo_activacion_prevista or None
        result.date_expected = contract.fecha_activacion_prevista or None
        _read_contract(result, contract)


def _read_activation(result, message):
    process = result.process
    if process == "B1":
        data = message.datos_activacion_baja
        result.date_activated = data.fecha_activacion if data else None
    elif process == "E1":
        data = message.datos_notificacion
        result.date_activated = data.fecha_activacion if data else None
    else:
        data = getattr(message, "datos_activacion", None)
        result.date_activated = data.fecha if data else None
    if process in CONTRACT_PROCESSES:
        _read_contract(result, message.contrato)
        points = message.puntos_medida
        if points:
            result.measure_point_type = points[0].tipo_pm or None


def _read_outgoing_activation(result, message):
    data = message.datos_notificacion
    result.date_activated = data.fecha_activacion if data else None
    _read_contract(result, message.contrato)


def _read_outgoing_acceptance(result, message):
    result.date_expected = message.fecha_activacion_prevista or None


def _read_outgoing_rejection(result, message):
    result.date_rejected = message.fecha_rechazo or None


def _read_cancellation_acceptance(result, message):
    result.date_accepted = message.fecha_aceptacion or None


_READERS = {
    KIND_REJECTION: _read_rejection,
    KIND_CANCEL_REJECTION: _read_rejection,
    KIND_INCIDENCE: _read_incidence,
    KIND_ACCEPTANCE: _read_acceptance,
    KIND_ACTIVATION: _read_activation,
    KIND_OUTGOING_ACTIVATION: _read_outgoing_activation,
    KIND_OUTGOING_ACCEPTANCE: _read_outgoing_acceptance,
    KIND_OUTGOING_REJECTION: _read_outgoing_rejection,
    KIND_CANCEL_ACCEPTANCE: _read_cancellation_acceptance,
}


def _read_data(result, message):
    """Fill the fields of ``result.kind`` from the parsed process class."""
    reader = _READERS.get(result.kind)
    if reader:
        reader(result, message)


def parse_atr_xml(raw, cache_schemas=True):
    """Parse and validate one incoming ATR file (``bytes``).

    Returns an :class:`AtrParsed`; ``error`` is one of the ``ERROR_*`` codes
    (``error_detail`` holds gestionatr's or lxml's technical text) or None.
    The header is read even when the body fails the XSD, so that a refused
    file can still be shown next to its case."""
    result = AtrParsed(xml_hash(raw))
    if not raw or not raw.strip():
        result.error = ERROR_EMPTY
        return result
    try:
        head = atr_messages.Message(raw)
    except Exception as error:  # noqa: BLE001 - gestionatr raises anything
        result.error, result.error_detail = _diagnose(raw, error)
        return result
    try:
        _read_header(result, head)
    except Exception as error:  # noqa: BLE001
        result.error, result.error_detail = ERROR_HEADER, str(error)
        return result
    process_class = getattr(atr_messages, head.tipus, None)
    if not isinstance(process_class, type) or not issubclass(
        process_class, atr_messages.Message
    ):
        result.error, result.error_detail = ERROR_UNKNOWN_PROCESS, head.tipus
        return result
    result.xsd = os.path.basename(head.xsd)
    try:
        message = process_class(raw)
        if cache_schemas:
            _validate(message)
        else:
            message.parse_xml()
    except except_f1 as error:
        result.error, result.error_detail = ERROR_SCHEMA, str(error.value)
        return result
    except Exception as error:  # noqa: BLE001 - lxml's XMLSyntaxError and others
        result.error, result.error_detail = ERROR_SCHEMA, str(error)
        return result
    if not result.request_code or not result.process or not result.step:
        result.error = ERROR_HEADER
        result.error_detail = "CodigoDeSolicitud"
        return result
    result.kind = _classify(result.process, result.step, result.xsd)
    try:
        _read_data(result, message)
    except Exception as error:  # noqa: BLE001
        result.error, result.error_detail = ERROR_SCHEMA, str(error)
    return result
