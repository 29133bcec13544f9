# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The CNMC SIPS 2026 CSV layouts, read column by column with the standard
library. No ORM here: the import model turns these values into records and
translates the problems reported by the converters.

Columns are matched by header NAME, never by position: the CNMC has
reordered and renamed columns between generations, and the 2026 files are
produced by several systems. Header names are compared without case,
accents or surrounding spaces; unknown columns are ignored.
"""

import codecs
import csv
import io
import re
import unicodedata
from datetime import date, datetime

PERIODS = range(1, 7)

PS = "ps"
CONSUMPTION = "consumption"

# Severity of a problem in a column: an "error" rejects the row, a "warning"
# drops the value and keeps the row.
ERROR = "error"
WARNING = "warning"


def normalize_header(name):
    """Header name as compared: lower case, no accents, no spaces or BOM."""
    name = (name or "").replace("\ufeff", "").strip()
    name = unicodedata.normalize("NFKD", name)
    name = "".join(char for char in name if not unicodedata.combining(char))
    return re.sub(r"\s+", "", name).lower()


# ---------------------------------------------------------------------------
# Columns: header name -> (key of the normalised record, kind, severity)
# ---------------------------------------------------------------------------

# SIPS2026_PS_ELECTRICIDAD. Kinds are read by the converters below.
PS_COLUMNS = {
    "cups": ("cups", "cups", ERROR),
    "codigoEmpresaDistribuidora": ("distributor_code", "ree_code", WARNING),
    "referenciaCatastralPS": ("cadastral_reference", "text", WARNING),
    "codigoProvinciaPS": ("province_code", "province", WARNING),
    "codigoMunicipioPS": ("municipality_code", "text", WARNING),
    "desMunicipioPS": ("city", "text", WARNING),
    "desPoblacionPS": ("town", "text", WARNING),
    "codigoPostalPS": ("zip", "zip", WARNING),
    "tipoViaPS": ("street_type", "text", WARNING),
    "viaPS": ("street_name", "text", WARNING),
    "numFincaPS": ("street_number", "text", WARNING),
    "duplicadorFincaPS": ("street_number_suffix", "text", WARNING),
    "escaleraPS": ("staircase", "text", WARNING),
    "pisoPS": ("floor", "text", WARNING),
    "puertaPS": ("door", "text", WARNING),
    "aclaradorFincaPS": ("address_note", "text", WARNING),
    "fechaAltaSuministro": ("date_supply_start", "date", WARNING),
    "codigoTarifaATREnVigor": ("tariff_code", "tariff", ERROR),
    "codigoTensionV": ("voltage_v", "voltage", WARNING),
    "potenciaMaximaBIEW": ("bie_max_power_kw", "kw", WARNING),
    "potenciaMaximaAPMW": ("apm_max_power_kw", "kw", WARNING),
    "codigoClasificacionPS": ("measure_point_type", "measure_point", WARNING),
    "valorDerechosExtensionW": ("extension_rights_kw", "kw", WARNING),
    "valorDerechosAccesoW": ("access_rights_kw", "kw", WARNING),
    "codigoPropiedadEquipoMedida": ("meter_owner", "meter_owner", WARNING),
    **{
        f"potenciasContratadasEnWP{period}": (f"power_p{period}_kw", "kw", ERROR)
        for period in PERIODS
    },
    "fechaUltimoMovimientoContrato": ("date_last_contract_change", "date", WARNING),
    "fechaUltimoCambioComercializador": ("date_last_retailer_change", "date", WARNING),
    "cambioComercializadorEnCurso": (
        "is_retailer_change_in_progress",
        "flag",
        WARNING,
    ),
    "codigoComercializadorVigente": ("retailer_code", "ree_code", WARNING),
    "fechaLimiteDerechosReconocidos": ("date_rights_limit", "date", WARNING),
    "fechaUltimaLectura": ("date_last_reading", "date", WARNING),
    "suspensionSuminstroImpago": ("is_suspended_for_debt", "flag", WARNING),
    "esViviendaHabitual": ("is_habitual_dwelling", "flag", WARNING),
    "codigoLecturaRemota": ("meter_telemanaged", "telemanaged", WARNING),
    "acogimientoAutoconsumo": ("self_consumption_type", "self_consumption", WARNING),
    "aplicacionBonoSocial": ("has_bono_social", "flag", WARNING),
    "suministroEsencial": ("is_essential_supply", "essential", WARNING),
    "cnae": ("cnae_code", "cnae", WARNING),
    "codigoModoControlPotencia": ("power_control_mode", "control_mode", WARNING),
    "codigoPSContratable": ("is_contractable", "flag", WARNING),
    "motivoEstadoNoContratable": ("not_contractable_reason", "text", WARNING),
    "codigoTipoSuministro": ("supply_use_code", "code", WARNING),
}

# Other spellings seen for the same columns (sippers' mangled header, the
# corrected typo of "Suminstro").
PS_ALIASES = {
    "fiesuministroEsencialld82": "suministroEsencial",
    "suspensionSuministroImpago": "suspensionSuminstroImpago",
}

# SIPS2026_CONSUMOS_ELECTRICIDAD. Reactive energy columns are read by nobody.
CONSUMPTION_COLUMNS = {
    "cups": ("cups", "cups", ERROR),
    "fechaInicioMesConsumo": ("date_start", "date", ERROR),
    "fechaFinMesConsumo": ("date_end", "date", ERROR),
    "codigoTarifaATR": ("tariff_code", "tariff", ERROR),
    **{
        f"consumoEnergiaActivaEnWhP{period}": (f"kwh_p{period}", "kwh", ERROR)
        for period in PERIODS
    },
    **{
        f"potenciaDemandadaEnWP{period}": (f"max_demand_p{period}_kw", "kw", ERROR)
        for period in PERIODS
    },
}

CONSUMPTION_ALIASES = {
    f"potenciasDemandadasEnWP{period}": f"potenciaDemandadaEnWP{period}"
    for period in PERIODS
}

# What a header must contain to be recognised as each layout.
REQUIRED_COLUMNS = {
    PS: ("cups", "codigoTarifaATREnVigor", "potenciasContratadasEnWP1"),
    CONSUMPTION: (
        "cups",
        "fechaInicioMesConsumo",
        "fechaFinMesConsumo",
        "consumoEnergiaActivaEnWhP1",
    ),
}

COLUMNS = {PS: PS_COLUMNS, CONSUMPTION: CONSUMPTION_COLUMNS}
ALIASES = {PS: PS_ALIASES, CONSUMPTION: CONSUMPTION_ALIASES}

# Province codes of the INE (first two digits of every postcode) to the codes
# of res.country.state for Spain.
PROVINCE_BY_INE = {
    "01": "VI",
    "02": "AB",
    "03": "A",
    "04": "AL",
    "05": "AV",
    "06": "BA",
    "07": "PM",
    "08": "B",
    "09": "BU",
    "10": "CC",
    "11": "CA",
    "12": "CS",
    "13": "CR",
    "14": "CO",
    "15": "C",
    "16": "CU",
    "17": "GI",
    "18": "GR",
    "19": "GU",
    "20": "SS",
    "21": "H",
    "22": "HU",
    "23": "J",
    "24": "LE",
    "25": "L",
    "26": "LO",
    "27": "LU",
    "28": "M",
    "29": "MA",
    "30": "MU",
    "31": "NA",
    "32": "OR",
    "33": "O",
    "34": "P",
    "35": "GC",
    "36": "PO",
    "37": "SA",
    "38": "TF",
    "39": "S",
    "40": "SG",
    "41": "SE",
    "42": "SO",
    "43": "T",
    "44": "TE",
    "45": "TO",
    "46": "V",
    "47": "VA",
    "48": "BI",
    "49": "ZA",
    "50": "Z",
    "51": "CE",
    "52": "ME",
}

# CNMC table 64 (codigoTensionV, TensionDelSuministro): code -> nominal voltage
# as the table spells it ("3X380/220", "13.200", "1200"), from gestionatr.defs.
# The supply voltage is the highest figure (the line voltage).
try:
    from gestionatr.defs import TABLA_64
except ImportError:  # pragma: no cover - gestionatr is a declared dependency
    TABLA_64 = []

VOLTAGE_BY_CODE = {}
for _code, _label in TABLA_64:
    _figures = re.findall(r"[\d.]+", _label.upper().split("X")[-1])
    if _figures:
        VOLTAGE_BY_CODE[_code] = max(int(f.replace(".", "")) for f in _figures)

# CNMC table 32 (meter and ICP ownership).
METER_OWNER_BY_CODE = {
    "1": "distributor",
    "2": "customer",
    "3": "retailer",
    "4": "other",
}
# CNMC table 51 (power control mode).
CONTROL_MODE_BY_CODE = {"1": "icp", "2": "maximeter"}
# CNMC table 113 (legacy detail) and its 2021 short form: self-consumption
# modality. "S"/"N" is what the SIPS flag carries when it gives no detail.
SELF_CONSUMPTION_BY_CODE = {
    "N": "none",
    "0": "none",
    "00": "none",
    "11": "without_surplus",
    "12": "surplus_compensation",
    "31": "without_surplus",
    "32": "without_surplus",
    "33": "without_surplus",
    "41": "surplus_compensation",
    "42": "surplus_compensation",
    "43": "surplus_no_compensation",
    "51": "surplus_no_compensation",
    "52": "surplus_no_compensation",
    "53": "surplus_no_compensation",
    "54": "surplus_no_compensation",
    "55": "surplus_no_compensation",
    "56": "surplus_no_compensation",
    "61": "surplus_no_compensation",
    "62": "surplus_no_compensation",
    "63": "surplus_no_compensation",
    "64": "surplus_no_compensation",
    "71": "surplus_no_compensation",
    "72": "surplus_no_compensation",
    "73": "surplus_no_compensation",
    "74": "surplus_no_compensation",
}
# CNMC table 111 (telemanagement) and plain flags.
TELEMANAGED_BY_CODE = {
    "01": True,
    "02": True,
    "03": False,
    "S": True,
    "N": False,
    "1": True,
    "0": False,
}
TRUE_VALUES = {"S", "SI", "Y", "YES", "1", "TRUE", "T"}
FALSE_VALUES = {"N", "NO", "0", "FALSE", "F"}


# ---------------------------------------------------------------------------
# Converters: raise ValueError on a value they cannot read, return None when
# the cell is empty.
# ---------------------------------------------------------------------------


def parse_date(value):
    """ISO dates (2026-01-31, with or without time), or 31/01/2026."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", value):
        return date.fromisoformat(value[:10])
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", value):
        return datetime.strptime(value, "%d/%m/%Y").date()
    raise ValueError(value)


def parse_number(value):
    """A non-negative number, with a dot or a decimal comma."""
    value = value.strip()
    if not value:
        return None
    if "," in value and "." not in value:
        value = value.replace(",", ".")
    number = float(value)
    if number < 0 or number != number:  # negative or NaN
        raise ValueError(value)
    return number


def parse_flag(value):
    value = value.strip().upper()
    if not value:
        return None
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ValueError(value)


def parse_code(value, width):
    """A numeric code, left-padded with zeros ('18' -> '018')."""
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > width:
        raise ValueError(value)
    return value.zfill(width)


def _lookup(table, value):
    value = value.strip().upper()
    if not value:
        return None
    if value not in table:
        raise ValueError(value)
    return table[value]


def _text(value):
    return value.strip() or None


def _per_thousand(value):
    """W to kW, Wh to kWh."""
    number = parse_number(value)
    return None if number is None else round(number / 1000.0, 3)


def _pattern(regex):
    def parse(value):
        code = value.strip()
        if not code:
            return None
        if not re.fullmatch(regex, code):
            raise ValueError(value)
        return code

    return parse


def _voltage(value):
    code = value.strip()
    if not code:
        return None
    if code.isdigit() and len(code) < 2:
        code = code.zfill(2)
    if code not in VOLTAGE_BY_CODE:
        raise ValueError(value)
    return VOLTAGE_BY_CODE[code]


def _measure_point(value):
    code = value.strip()
    if not code:
        return None
    if code.isdigit() and 1 <= int(code) <= 5:
        return str(int(code))
    raise ValueError(value)


def _self_consumption(value):
    if value.strip().upper() == "S":
        return "with_self_consumption"  # SIPS flag without the modality
    return _lookup(SELF_CONSUMPTION_BY_CODE, value)


def _essential(value):
    code = value.strip().upper()
    if code in ("00", "01", "02"):  # CNMC table 137
        return code != "00"
    return parse_flag(value)


CONVERTERS = {
    "text": _text,
    "cups": _text,
    "code": _text,
    "date": parse_date,
    "kw": _per_thousand,
    "kwh": _per_thousand,
    "flag": parse_flag,
    "ree_code": lambda value: parse_code(value, 4),
    "tariff": lambda value: parse_code(value, 3),
    "province": lambda value: parse_code(value, 2),
    "cnae": _pattern(r"\d{4}"),
    "zip": _pattern(r"\d{5}"),
    "voltage": _voltage,
    "measure_point": _measure_point,
    "meter_owner": lambda value: _lookup(METER_OWNER_BY_CODE, value),
    "control_mode": lambda value: _lookup(CONTROL_MODE_BY_CODE, value),
    "self_consumption": _self_consumption,
    "telemanaged": lambda value: _lookup(TELEMANAGED_BY_CODE, value),
    "essential": _essential,
}


def convert(kind, value):
    """The value of a cell of the given kind, as the normalised record holds
    it; None for an empty cell.

    :raise ValueError: when the cell cannot be read as that kind
    """
    return CONVERTERS[kind](value)


def street_lines(record):
    """Street and second line of a supply address from its SIPS parts."""
    street = " ".join(
        part
        for part in (
            record.get("street_type"),
            record.get("street_name"),
            record.get("street_number"),
            record.get("street_number_suffix"),
        )
        if part
    )
    street2 = " ".join(
        part
        for part in (
            record.get("staircase") and f"Esc. {record['staircase']}",
            record.get("floor") and f"Piso {record['floor']}",
            record.get("door") and f"Pta. {record['door']}",
            record.get("address_note"),
        )
        if part
    )
    return street or None, street2 or None


# ---------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------


class HeaderError(ValueError):
    """The file cannot be read as a SIPS CSV file. `code` says why:
    empty, binary, encoding, not_csv, unknown_layout, missing_columns."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


class Header:
    """The header row of a SIPS file: which column holds which key."""

    def __init__(self, names, file_type, delimiter=","):
        self.names = names
        self.file_type = file_type
        self.delimiter = delimiter
        columns = COLUMNS[file_type]
        by_normalized = {normalize_header(name): name for name in columns}
        for alias, target in ALIASES[file_type].items():
            by_normalized[normalize_header(alias)] = target
        # position -> (column name as the CNMC spells it, key, kind, severity)
        self.mapping = {}
        for position, name in enumerate(names):
            column = by_normalized.get(normalize_header(name))
            if column and column not in {m[0] for m in self.mapping.values()}:
                self.mapping[position] = (column, *columns[column])

    @property
    def keys(self):
        return {key for __, key, __, __ in self.mapping.values()}


def detect_file_type(names):
    """PS or CONSUMPTION from the header names, or None."""
    present = {normalize_header(name) for name in names}
    for file_type in (PS, CONSUMPTION):
        required = {normalize_header(n) for n in REQUIRED_COLUMNS[file_type]}
        if required <= present:
            return file_type
    return None


def missing_columns(names, file_type):
    present = {normalize_header(name) for name in names}
    return [
        name
        for name in REQUIRED_COLUMNS[file_type]
        if normalize_header(name) not in present
    ]


def check_text_sample(sample):
    """Raise HeaderError when the first bytes of a file are not UTF-8 text."""
    if not sample.strip():
        raise HeaderError("empty")
    if b"\x00" in sample:
        raise HeaderError("binary")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError as error:
        raise HeaderError("encoding") from error


def read_header(stream, file_type=None):
    """Read the header row at the start of a binary stream.

    :return: (Header, byte offset of the first data row, line number of
        the header's last physical line)
    :raise HeaderError: when the file is empty, not text, not CSV, or its
        header does not name the columns of a SIPS layout
    """
    check_text_sample(stream.read(65536))
    stream.seek(0)
    lines = LineReader(stream, 0, 0)
    first = next(iter(lines), None)
    if first is None:
        raise HeaderError("empty")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    lines.pushback(first)
    try:
        names = next(csv.reader(lines, delimiter=delimiter), None)
    except csv.Error as error:
        raise HeaderError("not_csv") from error
    names = [name.strip() for name in names or [] if name is not None]
    if len(names) < 2:
        raise HeaderError("not_csv")
    detected = detect_file_type(names)
    if file_type is None:
        if detected is None:
            raise HeaderError("unknown_layout")
        file_type = detected
    elif detected != file_type:
        missing = missing_columns(names, file_type)
        if missing:
            raise HeaderError(
                "missing_columns", columns=", ".join(missing), file_type=file_type
            )
    return Header(names, file_type, delimiter), lines.offset, lines.number


class LineReader:
    """Decoded lines of a binary stream that remembers the byte offset and the
    physical line number reached, so that an import can stop after a batch and
    resume there. csv.reader pulls exactly the lines of one record at a time."""

    def __init__(self, stream, offset, number):
        self.stream = stream
        self.offset = offset
        self.number = number
        self._pending = []

    def pushback(self, line):
        """Give a line back (not counted twice)."""
        self._pending.append(line)

    def __iter__(self):
        return self

    def __next__(self):
        if self._pending:
            return self._pending.pop()
        raw = self.stream.readline()
        if not raw:
            raise StopIteration
        self.offset += len(raw)
        self.number += 1
        return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def iter_rows(stream, header, offset, line_number, limit):
    """Read up to `limit` data rows from `offset`.

    Yields (first line number of the row, list of cell values or None when the
    row is not valid CSV, byte offset after the row, last line number of the
    row). Blank lines are skipped."""
    stream.seek(offset)
    lines = LineReader(stream, offset, line_number)
    reader = csv.reader(lines, delimiter=header.delimiter)
    count = 0
    while count < limit:
        start = lines.number + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield start, None, lines.offset, lines.number
            count += 1
            continue
        if not cells or not any(cell.strip() for cell in cells):
            continue
        count += 1
        yield start, cells, lines.offset, lines.number


def rows_from_text(text, file_type):
    """Parse a whole CSV held in memory (an online look-up answer).

    :return: (Header, list of (line number, cells))"""
    stream = io.BytesIO(text.encode("utf-8") if isinstance(text, str) else text)
    header, offset, number = read_header(stream, file_type)
    rows = [
        (line, cells)
        for line, cells, __, __ in iter_rows(stream, header, offset, number, 10**9)
    ]
    return header, rows
