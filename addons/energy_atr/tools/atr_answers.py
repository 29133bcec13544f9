# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Distributor answers to our switching requests, built with gestionatr's own
output classes (never hand-written XML) and checked with its XSD validation.

Used by the incoming tests and by the import benchmark. Pure Python: no Odoo
import, so ``scripts/`` can use it outside a registry.

    factory = AtrAnswerFactory(sender="0021", receiver="1234")
    xml = factory.acceptance("C1", "202600000001", "ES0021000000000001JN0F")
    xml = factory.rejection("C1", "202600000001", cups, codes=("03", "36"))
    xml = factory.activation("C2", code, cups, "2026-03-10", contract_code="ATR01",
                             tariff="018", powers_w=(5750, 5750))

Every builder returns the XML as UTF-8 ``bytes``.
"""

import datetime

from gestionatr.output.messages import (
    sw_a3,
    sw_b1,
    sw_b2,
    sw_c1,
    sw_c2,
    sw_e1,
    sw_m1,
)
from gestionatr.output.messages.base import Cabecera
from gestionatr.utils import get_description, validate_xml

DISTRIBUTOR_CODE = "0021"
RETAILER_CODE = "1234"

# Process -> (message class, body field, body class) of the acceptance (02).
_ACCEPTANCE = {
    "A3": (sw_a3.MensajeAceptacionAlta, "aceptacion_alta", sw_a3.AceptacionAlta),
    "C1": (
        sw_c1.MensajeAceptacionCambiodeComercializadorSinCambios,
        "aceptacion_cambiode_comercializador_sin_cambios",
        sw_c1.AceptacionCambiodeComercializadorSinCambios,
    ),
    "C2": (
        sw_c2.MensajeAceptacionCambiodeComercializadorConCambios,
        "aceptacion_cambiode_comercializador_con_cambios",
        sw_c2.AceptacionCambiodeComercializadorConCambios,
    ),
    "M1": (
        sw_m1.MensajeAceptacionModificacionDeATR,
        "aceptacion_modificacion_de_atr",
        sw_m1.AceptacionModificacionDeATR,
    ),
}
# Process -> (message class, body field, body class) of the activation (05).
_ACTIVATION = {
    "A3": (sw_a3.MensajeActivacionAlta, "activacion_alta", sw_a3.ActivacionAlta),
    "C1": (
        sw_c1.MensajeActivacionCambiodeComercializadorSinCambios,
        "activacion_cambiode_comercializador_sin_cambios",
        sw_c1.ActivacionCambiodeComercializadorSinCambios,
    ),
    "C2": (
        sw_c2.MensajeActivacionCambiodeComercializadorConCambios,
        "activacion_cambiode_comercializador_con_cambios",
        sw_c2.ActivacionCambiodeComercializadorConCambios,
    ),
    "M1": (
        sw_m1.MensajeActivacionModificacionDeATR,
        "activacion_modificaciones",
        sw_m1.ActivacionModificaciones,
    ),
}
# The contract block of each process (its element order differs).
_CONTRACT = {
    "A3": sw_a3.Contrato,
    "C1": sw_c1.Contrato,
    "C2": sw_c2.Contrato,
    "M1": sw_m1.Contrato,
    "B1": sw_b1.Contrato,
    "E1": sw_e1.Contrato,
}
# Step of the incidence message (03, but 06 in B1).
INCIDENCE_STEP = {"A3": "03", "C2": "03", "M1": "03", "E1": "03", "B1": "06"}
# Step of the late rejection (04, but 07 in B1 whose 04 answers a cancellation).
LATE_REJECTION_STEP = {"A3": "04", "C1": "04", "C2": "04", "M1": "04", "E1": "04"}
LATE_REJECTION_STEP["B1"] = "07"


class AtrAnswerError(AssertionError):
    """A built answer did not pass gestionatr's XSD validation."""


def _date(value, default_days=0):
    if not value:
        value = datetime.date.today() + datetime.timedelta(days=default_days)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _datetime(value):
    if not value:
        value = datetime.datetime.now().replace(microsecond=0)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat() + " 00:00:00"
    return str(value)


def _label(code, table):
    try:
        return get_description(code, table)
    except ValueError:
        return code


def _powers(powers_w, module=sw_c1):
    """PotenciasContratadas from watts per period (P1, P2, ...)."""
    powers = module.PotenciasContratadas()
    powers.feed(
        {f"p{index}": int(watts) for index, watts in enumerate(powers_w, start=1)}
    )
    return powers


class AtrAnswerFactory:
    """Builds the XML a distributor sends back to a retailer.

    :param sender: REE code of the distributor (CodigoREEEmpresaEmisora).
    :param receiver: our REE code (CodigoREEEmpresaDestino).
    :param validate: check every built answer with ``validate_xml`` and raise
        :class:`AtrAnswerError` when invalid.
    """

    def __init__(self, sender=DISTRIBUTOR_CODE, receiver=RETAILER_CODE, validate=True):
        self.sender = sender
        self.receiver = receiver
        self.validate = validate

    # ------------------------------------------------------------------
    # Shared pieces
    # ------------------------------------------------------------------

    def header(
        self,
        process,
        step,
        request_code,
        cups,
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
    ):
        header = Cabecera()
        header.feed(
            {
                "codigo_ree_empresa_emisora": sender or self.sender,
                "codigo_ree_empresa_destino": receiver or self.receiver,
                "codigo_del_proceso": process,
                "codigo_del_paso": step,
                "codigo_de_solicitud": request_code,
                "secuencial_de_solicitud": sequence,
                "fecha": _datetime(date),
                "cups": cups,
            }
        )
        return header

    def _finish(self, message, check=True):
        message.build_tree()
        xml = str(message)
        if check and self.validate:
            result = validate_xml(xml)
            if not result.valid:
                raise AtrAnswerError(result.error)
        return xml.encode("utf-8")

    def _conditions(
        self, tariff, powers_w, power_control=None, billing=None, voltage=None
    ):
        """CondicionesContractuales; the activation (05) also carries the
        billing periodicity (TABLA_108) and the power control mode (TABLA_51)."""
        conditions = sw_c1.CondicionesContractuales()
        values = {"tarifa_atr": tariff}
        if billing:
            values["periodicidad_facturacion"] = billing
            values["tipode_telegestion"] = "01"
        values["potencias_contratadas"] = _powers(powers_w)
        if power_control:
            values["modo_control_potencia"] = power_control
        if voltage:
            values["tension_del_suministro"] = voltage
        conditions.feed(values)
        return conditions

    def _measure_points(self, cups, measure_point_type, date_activated):
        point = sw_c1.PuntoDeMedida()
        point.feed(
            {
                "cod_pm": cups,
                "tipo_movimiento": "A",
                "tipo_pm": measure_point_type,
                "modo_lectura": "1",
                "funcion": "P",
                "tension_pm": "0",
                "fecha_vigor": date_activated,
                "fecha_alta": date_activated,
            }
        )
        points = sw_c1.PuntosDeMedida()
        points.feed({"punto_de_medida_list": [point]})
        return points

    def _contract_id(self, module, contract_code):
        contract_id = module.IdContrato()
        contract_id.feed({"cod_contrato": contract_code})
        return contract_id

    # ------------------------------------------------------------------
    # 02 acceptance
    # ------------------------------------------------------------------

    def acceptance(
        self,
        process,
        request_code,
        cups,
        activation_type="A0",
        date_expected=None,
        date_accepted=None,
        tariff="018",
        powers_w=(4600, 4600),
        field_work="N",
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
        omit=(),
    ):
        """Step 02 acceptance: activation type (TABLA_55) and expected date.

        ``omit`` lists element names left out on purpose (e.g.
        ``("actuacion_campo",)``) to produce a schema-invalid answer; such an
        answer is returned without validation."""
        date_expected = _date(date_expected, 7)
        date_accepted = _date(date_accepted)
        header = self.header(
            process, "02", request_code, cups, sequence, date, sender, receiver
        )
        if process == "B1":
            data = sw_b1.DatosAceptacion()
            data.feed(
                self._drop(
                    {
                        "fecha_aceptacion": date_accepted,
                        "actuacion_campo": field_work,
                        "fecha_ultima_lectura_firme": date_accepted,
                        "tipo_activacion_prevista": activation_type,
                        "fecha_activacion_prevista": date_expected,
                    },
                    omit,
                )
            )
            body = sw_b1.AceptacionBajaSuspension()
            body.feed({"datos_aceptacion": data})
            message = sw_b1.MensajeAceptacionBajaSuspension()
            message.feed({"cabecera": header, "aceptacion_baja_suspension": body})
            return self._finish(message, not omit)
        if process == "E1":
            return self._e1_acceptance(
                header, date_accepted, date_expected, field_work, omit
            )
        message_class, body_field, body_class = _ACCEPTANCE[process]
        data = sw_c1.DatosAceptacion()
        values = {"fecha_aceptacion": date_accepted, "actuacion_campo": field_work}
        if process in ("C1", "C2"):
            values["fecha_ultima_lectura_firme"] = date_accepted
        if process == "C2":
            values["potencia_actual"] = int(max(powers_w))
        data.feed(self._drop(values, omit))
        contract = _CONTRACT[process]()
        values = {
            "condiciones_contractuales": self._conditions(tariff, powers_w),
            "tipo_activacion_prevista": activation_type,
            "fecha_activacion_prevista": date_expected,
        }
        if process != "A3":
            values["tipo_contrato_atr"] = "01"
        contract.feed(self._drop(values, omit))
        body = body_class()
        body.feed({"datos_aceptacion": data, "contrato": contract})
        message = message_class()
        message.feed({"cabecera": header, body_field: body})
        return self._finish(message, not omit)

    def _e1_acceptance(self, header, date_accepted, date_expected, field_work, omit):
        """E1-02: the withdrawal is accepted (it can still be cancelled)."""
        body = sw_e1.AceptacionDesistimiento()
        body.feed(
            self._drop(
                {
                    "fecha_aceptacion": date_accepted,
                    "ind_anulable": "S",
                    "actuacion_campo": field_work,
                    "fecha_activacion_prevista": date_expected,
                },
                omit,
            )
        )
        message = sw_e1.MensajeAceptacionDesistimiento()
        message.feed({"cabecera": header, "aceptacion_desistimiento": body})
        return self._finish(message, not omit)

    @staticmethod
    def _drop(values, omit):
        return {key: value for key, value in values.items() if key not in omit}

    # ------------------------------------------------------------------
    # 02 / 04 rejection
    # ------------------------------------------------------------------

    def rejection(
        self,
        process,
        request_code,
        cups,
        codes=("01",),
        step="02",
        comments=None,
        date_rejected=None,
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
    ):
        """Rejection (``Rechazo.xsd``) with one or more TABLA_27 codes; step 02,
        or the late rejection step (04, 07 in B1: see ``LATE_REJECTION_STEP``).
        ``comments`` maps a code to its free text."""
        comments = comments or {}
        rejections = []
        for index, code in enumerate(codes, start=1):
            rejection = sw_c1.Rechazo()
            rejection.feed(
                {
                    "secuencial": str(index),
                    "codigo_motivo": code,
                    "comentarios": comments.get(code) or _label(code, "TABLA_27"),
                }
            )
            rejections.append(rejection)
        block = sw_c1.Rechazos()
        block.feed({"fecha_rechazo": _date(date_rejected), "rechazo_list": rejections})
        message = sw_c1.MensajeRechazo()
        message.feed(
            {
                "cabecera": self.header(
                    process, step, request_code, cups, sequence, date, sender, receiver
                ),
                "rechazos": block,
            }
        )
        return self._finish(message)

    def late_rejection(self, process, request_code, cups, codes=("01",), **kwargs):
        """Rejection after an acceptance (04; 07 in B1)."""
        return self.rejection(
            process,
            request_code,
            cups,
            codes=codes,
            step=LATE_REJECTION_STEP[process],
            **kwargs,
        )

    # ------------------------------------------------------------------
    # 03 incidence
    # ------------------------------------------------------------------

    def incidence(
        self,
        process,
        request_code,
        cups,
        codes=("01",),
        comments=None,
        date_incidence=None,
        date_action=None,
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
    ):
        """Incidence in field work (TABLA_28 codes): step 03, 06 in B1."""
        comments = comments or {}
        incidences = []
        for index, code in enumerate(codes, start=1):
            incidence = sw_c2.Incidencia()
            incidence.feed(
                {
                    "secuencial": str(index),
                    "codigo_motivo": code,
                    "comentarios": comments.get(code) or _label(code, "TABLA_28"),
                }
            )
            incidences.append(incidence)
        block = sw_c2.IncidenciasATRDistribuidor()
        values = {
            "fecha_incidencia": _date(date_incidence),
            "incidencia_list": incidences,
        }
        if date_action:
            values["fecha_prevista_accion"] = _date(date_action)
        block.feed(values)
        message = sw_c2.MensajeIncidenciasATRDistribuidor()
        step = INCIDENCE_STEP[process]
        message.feed(
            {
                "cabecera": self.header(
                    process, step, request_code, cups, sequence, date, sender, receiver
                ),
                "incidencias_atr_distribuidor": block,
            }
        )
        return self._finish(message)

    # ------------------------------------------------------------------
    # 05 activation
    # ------------------------------------------------------------------

    def activation(
        self,
        process,
        request_code,
        cups,
        date_activated=None,
        contract_code="000000000001",
        tariff="018",
        powers_w=(4600, 4600),
        measure_point_type="05",
        power_control="1",
        contract_type="01",
        voltage="02",
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
    ):
        """Step 05 activation with the final contract data: access contract code
        (CodContrato, up to 12 digits), tariff (TABLA_17 code), powers in W per
        period, power control mode (TABLA_51), supply voltage (TABLA_64) and
        the measure point (TipoPM, TABLA_30)."""
        date_activated = _date(date_activated)
        header = self.header(
            process, "05", request_code, cups, sequence, date, sender, receiver
        )
        points = self._measure_points(cups, measure_point_type, date_activated)
        if process == "B1":
            return self._b1_activation(header, date_activated, contract_code, points)
        if process == "E1":
            return self._e1_activation(header, date_activated, contract_code, points)
        message_class, body_field, body_class = _ACTIVATION[process]
        data = sw_c1.DatosActivacion()
        data.feed(
            {
                "fecha": date_activated,
                "ind_esencial": "00",
                "fecha_ultimo_movimiento_ind_esencial": date_activated,
            }
        )
        contract = _CONTRACT[process]()
        contract.feed(
            {
                "id_contrato": self._contract_id(sw_c1, contract_code),
                "tipo_contrato_atr": contract_type,
                "condiciones_contractuales": self._conditions(
                    tariff, powers_w, power_control, billing="01", voltage=voltage
                ),
            }
        )
        body = body_class()
        body.feed(
            {"datos_activacion": data, "contrato": contract, "puntos_de_medida": points}
        )
        message = message_class()
        message.feed({"cabecera": header, body_field: body})
        return self._finish(message)

    def _b1_activation(self, header, date_activated, contract_code, points):
        """B1-05: the supply is cut off (baja) on the activation date."""
        data = sw_b1.DatosActivacionBaja()
        data.feed({"fecha_activacion": date_activated})
        contract = sw_b1.Contrato()
        contract.feed({"id_contrato": self._contract_id(sw_b1, contract_code)})
        body = sw_b1.ActivacionBaja()
        body.feed(
            {
                "datos_activacion_baja": data,
                "contrato": contract,
                "puntos_de_medida": points,
            }
        )
        message = sw_b1.MensajeActivacionBajaSuspension()
        message.feed({"cabecera": header, "activacion_baja": body})
        return self._finish(message)

    def _e1_activation(self, header, date_activated, contract_code, points):
        """E1-05: the withdrawal took effect on the activation date."""
        data = sw_e1.DatosNotificacion()
        data.feed(
            {
                "fecha_activacion": date_activated,
                "resultado_activacion": "01",
                "ind_anulable": "N",
            }
        )
        contract = sw_e1.Contrato()
        contract.feed({"id_contrato": self._contract_id(sw_e1, contract_code)})
        body = sw_e1.ActivacionDesistimiento()
        body.feed(
            {
                "datos_notificacion": data,
                "contrato": contract,
                "puntos_de_medida": points,
            }
        )
        message = sw_e1.MensajeActivacionDesistimiento()
        message.feed({"cabecera": header, "activacion_desistimiento": body})
        return self._finish(message)

    # ------------------------------------------------------------------
    # Notices to the outgoing retailer (C1/C2 06, 11, 12)
    # ------------------------------------------------------------------

    def outgoing_activation(
        self,
        process,
        request_code,
        cups,
        date_activated=None,
        contract_code="000000000001",
        measure_point_type="05",
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
    ):
        """C1/C2 step 06 ActivacionComercializadorSaliente: another retailer
        took the point over on ``date_activated``."""
        date_activated = _date(date_activated)
        module = sw_c2 if process == "C2" else sw_c1
        data = module.DatosNotificacion()
        data.feed({"fecha_activacion": date_activated, "ind_bono_social": "N"})
        contract = sw_c1.Contrato()
        contract.feed({"id_contrato": self._contract_id(sw_c1, contract_code)})
        body = module.NotificacionComercializadorSaliente()
        body.feed(
            {
                "datos_notificacion": data,
                "contrato": contract,
                "puntos_de_medida": self._measure_points(
                    cups, measure_point_type, date_activated
                ),
            }
        )
        message = module.MensajeActivacionComercializadorSaliente()
        message.feed(
            {
                "cabecera": self.header(
                    process, "06", request_code, cups, sequence, date, sender, receiver
                ),
                "notificacion_comercializador_saliente": body,
            }
        )
        return self._finish(message)

    def outgoing_acceptance(
        self,
        process,
        request_code,
        cups,
        date_expected=None,
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
    ):
        """C1/C2 step 11: the switch to another retailer was accepted and is
        expected on ``date_expected``."""
        body = sw_c1.AceptacionCambioComercializadorSaliente()
        body.feed(
            {
                "fecha_activacion_prevista": _date(date_expected, 7),
                "ind_bono_social": "N",
            }
        )
        message = sw_c1.MensajeAceptacionCambiodeComercializadorSaliente()
        message.feed(
            {
                "cabecera": self.header(
                    process, "11", request_code, cups, sequence, date, sender, receiver
                ),
                "aceptacion_cambio_comercializador_saliente": body,
            }
        )
        return self._finish(message)

    def outgoing_rejection(
        self,
        process,
        request_code,
        cups,
        date_rejected=None,
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
    ):
        """C1/C2 step 12: the switch to another retailer was rejected or
        cancelled; the point stays with us."""
        body = sw_c1.RechazoCambioComercializadorSaliente()
        body.feed({"fecha_rechazo": _date(date_rejected)})
        message = sw_c1.MensajeRechazoCambiodeComercializadorSaliente()
        message.feed(
            {
                "cabecera": self.header(
                    process, "12", request_code, cups, sequence, date, sender, receiver
                ),
                "rechazo_cambio_comercializador_saliente": body,
            }
        )
        return self._finish(message)

    # ------------------------------------------------------------------
    # Started by the distributor
    # ------------------------------------------------------------------

    def distributor_termination(
        self,
        request_code,
        cups,
        date_activated=None,
        reason="02",
        contract_code="000000000001",
        measure_point_type="05",
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
    ):
        """B2-05: the distributor terminated the access contract on its own
        initiative (reason from TABLA_120)."""
        date_activated = _date(date_activated)
        data = sw_b2.DatosActivacionBaja()
        data.feed({"motivo": reason, "fecha_activacion": date_activated})
        contract = sw_b2.Contrato()
        contract.feed({"id_contrato": self._contract_id(sw_b2, contract_code)})
        body = sw_b2.ActivacionBaja()
        body.feed(
            {
                "datos_activacion_baja": data,
                "contrato": contract,
                "puntos_de_medida": self._measure_points(
                    cups, measure_point_type, date_activated
                ),
            }
        )
        message = sw_b2.MensajeActivacionBajaUnidireccional()
        message.feed(
            {
                "cabecera": self.header(
                    "B2", "05", request_code, cups, sequence, date, sender, receiver
                ),
                "activacion_baja": body,
            }
        )
        return self._finish(message)

    # ------------------------------------------------------------------
    # Cancellation answers (C1/C2/E1 09 and 10, A3/M1 07, B1 04)
    # ------------------------------------------------------------------

    def cancellation_acceptance(
        self,
        process,
        request_code,
        cups,
        date_accepted=None,
        sequence="01",
        date=None,
        sender=None,
        receiver=None,
    ):
        """Acceptance of our cancellation request."""
        step = {"A3": "07", "M1": "07", "B1": "04"}.get(process, "09")
        if process == "B1":
            body = sw_b1.AceptacionAnulacion()
            body.feed({"fecha_aceptacion": _date(date_accepted)})
            message = sw_b1.MensajeAceptacionAnulacionBaja()
        else:
            body = sw_c1.AceptacionAnulacion()
            body.feed({"fecha_aceptacion": _date(date_accepted)})
            message = sw_c1.MensajeAceptacionAnulacion()
        message.feed(
            {
                "cabecera": self.header(
                    process, step, request_code, cups, sequence, date, sender, receiver
                ),
                "aceptacion_anulacion": body,
            }
        )
        return self._finish(message)

    def cancellation_rejection(self, process, request_code, cups, codes=("42",), **kw):
        """Rejection of our cancellation request (e.g. 42/43: too late)."""
        step = {"A3": "07", "M1": "07", "B1": "04"}.get(process, "09")
        return self.rejection(process, request_code, cups, codes=codes, step=step, **kw)
