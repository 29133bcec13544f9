# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Distributor F1 files (CNMC "Facturacion" message): the readings they carry
and, for the demo and the tests, a minimal F1 of one supply that validates
against the XSD shipped in gestionatr."""

from gestionatr.input.messages import F1

TARIFF_CODES = {"2.0TD": "018", "3.0TD": "019", "6.1TD": "020", "6.2TD": "021"}


def parse_f1_readings(raw):
    """[{cups, date_start, date_end, kwh: [P1..P6]}] of the ATR invoices of an
    F1 file (already XSD-validated): the active energy of each period, summed
    over the file's energy terms. Raises what gestionatr raises."""
    message = F1(raw)
    message.parse_xml(validate=False)
    cups = message.cups
    readings = []
    for invoice in message.facturas_atr:
        general = invoice.datos_factura
        kwh = [0.0] * 6
        energy = invoice.energia_activa
        for term in energy.terminos_energia_activa if energy else []:
            for index, period in enumerate(term.periodos):
                kwh[index] += float(period.valor_energia_activa or 0)
        readings.append(
            {
                "cups": cups,
                "date_start": general.fecha_desde_factura,
                "date_end": general.fecha_hasta_factura,
                "kwh": kwh,
            }
        )
    return readings


def build_f1(
    sender,
    receiver,
    request_code,
    cups,
    tariff,
    holder_nif,
    date_start,
    date_end,
    kwh,
    invoice_code,
):
    """An F1 of one ATR invoice with the active energy of each period (no
    prices: only what a reading needs). Dates as ``date``, ``kwh`` a list."""
    periods = "".join(
        f"<Periodo><ValorEnergiaActiva>{value:.2f}</ValorEnergiaActiva>"
        "<PrecioEnergia>0.0</PrecioEnergia></Periodo>"
        for value in kwh
    )
    days = (date_end - date_start).days + 1
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<MensajeFacturacion xmlns="http://localhost/elegibilidad">
  <Cabecera>
    <CodigoREEEmpresaEmisora>{sender}</CodigoREEEmpresaEmisora>
    <CodigoREEEmpresaDestino>{receiver}</CodigoREEEmpresaDestino>
    <CodigoDelProceso>F1</CodigoDelProceso>
    <CodigoDePaso>01</CodigoDePaso>
    <CodigoDeSolicitud>{request_code}</CodigoDeSolicitud>
    <SecuencialDeSolicitud>00</SecuencialDeSolicitud>
    <FechaSolicitud>{date_end.isoformat()}T10:00:00</FechaSolicitud>
    <CUPS>{cups}</CUPS>
  </Cabecera>
  <Facturas>
    <FacturaATR>
      <DatosGeneralesFacturaATR>
        <DireccionSuministro>
          <Pais>España</Pais>
          <Provincia>46</Provincia>
          <Municipio>46250</Municipio>
          <CodPostal>46001</CodPostal>
          <Calle>Calle de Colón</Calle>
          <NumeroFinca>12</NumeroFinca>
        </DireccionSuministro>
        <Cliente>
          <TipoIdentificador>NI</TipoIdentificador>
          <Identificador>{holder_nif}</Identificador>
        </Cliente>
        <CodContrato>111222333</CodContrato>
        <DatosGeneralesFactura>
          <CodigoFiscalFactura>{invoice_code}</CodigoFiscalFactura>
          <TipoFactura>N</TipoFactura>
          <MotivoFacturacion>01</MotivoFacturacion>
          <FechaFactura>{date_end.isoformat()}</FechaFactura>
          <IdentificadorEmisora>B82846817</IdentificadorEmisora>
          <ImporteTotalFactura>0.00</ImporteTotalFactura>
          <TipoMoneda>02</TipoMoneda>
        </DatosGeneralesFactura>
        <DatosFacturaATR>
          <FechaBOE>2021-06-01</FechaBOE>
          <TipoAutoconsumo>00</TipoAutoconsumo>
          <TipoCUPS>01</TipoCUPS>
          <DuracionInfAnio>N</DuracionInfAnio>
          <TarifaATRFact>{TARIFF_CODES.get(tariff, "018")}</TarifaATRFact>
          <ModoControlPotencia>1</ModoControlPotencia>
          <MarcaMedidaConPerdidas>N</MarcaMedidaConPerdidas>
          <IndicativoCurvaCarga>02</IndicativoCurvaCarga>
          <Periodo>
            <FechaDesdeFactura>{date_start.isoformat()}</FechaDesdeFactura>
            <FechaHastaFactura>{date_end.isoformat()}</FechaHastaFactura>
            <NumeroDias>{days}</NumeroDias>
          </Periodo>
          <TipoPM>05</TipoPM>
        </DatosFacturaATR>
      </DatosGeneralesFacturaATR>
      <EnergiaActiva>
        <TerminoEnergiaActiva>
          <FechaDesde>{date_start.isoformat()}</FechaDesde>
          <FechaHasta>{date_end.isoformat()}</FechaHasta>
          {periods}
        </TerminoEnergiaActiva>
        <ImporteTotalEnergiaActiva>0.00</ImporteTotalEnergiaActiva>
      </EnergiaActiva>
      <ImpuestoElectrico>
        <BaseImponible>0.00</BaseImponible>
        <Porcentaje>5.11269632</Porcentaje>
        <Importe>0.00</Importe>
      </ImpuestoElectrico>
      <IVA>
        <BaseImponible>0.00</BaseImponible>
        <Porcentaje>21</Porcentaje>
        <Importe>0.00</Importe>
      </IVA>
    </FacturaATR>
    <RegistroFin>
      <ImporteTotal>0.00</ImporteTotal>
      <TotalRecibos>1</TotalRecibos>
      <TipoMoneda>02</TipoMoneda>
      <FechaValor>{date_end.isoformat()}</FechaValor>
      <FechaLimitePago>{date_end.isoformat()}</FechaLimitePago>
      <IdRemesa>0</IdRemesa>
    </RegistroFin>
  </Facturas>
</MensajeFacturacion>
""".encode()
