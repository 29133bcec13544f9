# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re

import requests
from gestionatr.input.messages.message import except_f1
from gestionatr.utils import get_description

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.energy_base.models.energy_supply_point import normalize_cups

from ..tools import cnmc_client, p0_client, sips_format
from .energy_sips_import import DEMAND_FIELDS, KWH_FIELDS, POINT_PLAIN_KEYS

_logger = logging.getLogger(__name__)

CREDENTIALS_GROUP = "energy_base.group_energy_manager"


class EnergySipsProvider(models.Model):
    """Where online SIPS look-ups go: the SIPS files already imported (offline,
    the default), the CNMC SIPS API, or a distributor's P0 web service.

    `lookup()` returns one normalised dict per CUPS, the same shape whatever
    the source, and `_apply_lookup_results()` writes them through the same code
    as the file import."""

    _name = "energy.sips.provider"
    _description = "SIPS Provider"
    _order = "sequence, id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    provider_type = fields.Selection(
        [
            ("file", "Imported SIPS files"),
            ("cnmc", "CNMC SIPS API"),
            ("p0", "Distributor P0 web service"),
        ],
        string="Source",
        required=True,
        default="file",
        help="Imported SIPS files: offline, reads what the SIPS imports stored. "
        "CNMC SIPS API: the CNMC's individual query service (OAuth2 key and "
        "secret of the company, ten CUPS per request). P0: the real-time "
        "consultation web service of one distributor.",
    )
    timeout = fields.Integer(
        string="Timeout (s)",
        default=20,
        help="Seconds to wait for an answer before giving up.",
    )
    cnmc_base_url = fields.Char(
        string="CNMC API URL",
        default="https://api.cnmc.gob.es",
        help="https://api.cnmc.gob.es in production, https://apipre.cnmc.gob.es "
        "for tests.",
    )
    cnmc_client_key = fields.Char(
        string="CNMC Client Key", groups=CREDENTIALS_GROUP, copy=False
    )
    cnmc_client_secret = fields.Char(
        string="CNMC Client Secret", groups=CREDENTIALS_GROUP, copy=False
    )
    p0_distributor_id = fields.Many2one(
        "res.partner",
        string="Distributor",
        domain=[("is_energy_distributor", "=", True)],
        help="Distributor that runs this P0 web service; its REE code is the "
        "destination of the requests.",
    )
    p0_url = fields.Char(string="P0 Web Service URL")
    p0_user = fields.Char(string="P0 Login", groups=CREDENTIALS_GROUP, copy=False)
    p0_password = fields.Char(
        string="P0 Secret Password", groups=CREDENTIALS_GROUP, copy=False
    )

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("timeout")
    def _check_timeout(self):
        for provider in self:
            if not 1 <= provider.timeout <= 300:
                raise ValidationError(
                    self.env._("The timeout must be between 1 and 300 seconds.")
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _get_default(self, company=None):
        """The company's first provider, or an unsaved offline one."""
        company = company or self.env.company
        provider = self.search([("company_id", "=", company.id)], limit=1)
        return provider or self.new(
            {
                "name": self.env._("Imported SIPS files"),
                "provider_type": "file",
                "company_id": company.id,
            }
        )

    def lookup(self, cups_list):
        """Ask the provider about some CUPS.

        :param cups_list: CUPS in any form (spaces, case, suffix)
        :return: one dict per distinct CUPS, in the given order:
            ``{"cups": base CUPS, "found": bool, "error": translated reason or
            False, "supply_point": normalised SIPS record (see
            tools/sips_format: keys such as tariff_code, power_p1_kw...),
            "warnings": [translated messages], "consumption": [normalised
            consumption records]}``
        """
        self.ensure_one()
        if not (
            self.env.su
            or self.env.user.has_group("energy_base.group_energy_backoffice")
        ):
            raise AccessError(
                self.env._("Only the back-office can look supply points up in SIPS.")
            )
        Point = self.env["energy.supply.point"]
        results = {}
        valid = []
        for value in cups_list:
            cups = normalize_cups(value)
            if not cups or cups[:20] in results:
                continue
            error = Point._cups_error(cups)
            results[cups[:20]] = self._lookup_result(cups[:20], error=error)
            if not error:
                valid.append(cups)
        if valid:
            for cups, result in getattr(self, f"_lookup_{self.provider_type}")(
                valid
            ).items():
                results[cups].update(result)
        return list(results.values())

    @api.model
    def _lookup_result(self, cups, error=False):
        return {
            "cups": cups,
            "found": False,
            "error": error,
            "supply_point": {},
            "warnings": [],
            "consumption": [],
        }

    def _apply_lookup_results(self, results):
        """Write look-up results to the company's supply points (new CUPS become
        prospects), through SIPS import records that keep the trace.

        :return: the energy.sips.import records created"""
        self.ensure_one()
        Import = self.env["energy.sips.import"]
        common = {
            "company_id": self.company_id.id,
            "origin": "lookup",
            "provider_id": self.id or False,
            "state": "running",
            "date_start": fields.Datetime.now(),
        }
        point_entries, consumption_entries = self._lookup_entries(results)
        imports = Import.create(
            {
                **common,
                "name": self.env._("Online look-up: %(provider)s", provider=self.name),
                "file_type": sips_format.PS,
            }
        )
        imports._apply_entries(point_entries)
        if consumption_entries:
            consumption_import = Import.create(
                {
                    **common,
                    "name": self.env._(
                        "Online look-up: %(provider)s (consumption)",
                        provider=self.name,
                    ),
                    "file_type": sips_format.CONSUMPTION,
                }
            )
            consumption_import._apply_entries(consumption_entries)
            imports |= consumption_import
        for sips_import in imports:
            sips_import._finish()
        return imports

    @api.model
    def _lookup_entries(self, results):
        """Look-up results as the entries of a supply-point import and of a
        consumption import, numbered by their position in `results`.

        :return: (point entries, consumption entries), each a list of
            (index, record, problems as (level, message))"""
        point_entries = []
        consumption_entries = []
        for index, result in enumerate(results, start=1):
            problems = [("warning", message) for message in result["warnings"]]
            if not result["found"]:
                problems.append(
                    ("error", result["error"] or self.env._("Not found in SIPS."))
                )
                point_entries.append((index, {"cups": result["cups"]}, problems))
                continue
            point_entries.append((index, result["supply_point"], problems))
            consumption_entries.extend(
                (index, record, []) for record in result["consumption"]
            )
        return point_entries, consumption_entries

    # ------------------------------------------------------------------
    # Offline: the SIPS data already imported
    # ------------------------------------------------------------------

    def _lookup_file(self, cups_list):
        points = self.env["energy.supply.point"].search_fetch(
            [
                ("cups", "in", [cups[:20] for cups in cups_list]),
                ("company_id", "=", self.company_id.id),
            ],
            ["cups", "cups_full", "sips_date", "access_tariff_id", *POINT_PLAIN_KEYS],
        )
        consumption = self.env["energy.supply.point.consumption"].search_fetch(
            [("supply_point_id", "in", points.ids), ("source", "=", "sips")],
            [
                "supply_point_id",
                "date_start",
                "date_end",
                "access_tariff_id",
                *KWH_FIELDS,
                *DEMAND_FIELDS,
            ],
        )
        consumption_by_point = {}
        for row in consumption:
            consumption_by_point.setdefault(row.supply_point_id.id, []).append(
                {
                    "cups": row.supply_point_id.cups,
                    "date_start": row.date_start,
                    "date_end": row.date_end,
                    "tariff_code": row.access_tariff_id.code or None,
                    **{fname: row[fname] for fname in (*KWH_FIELDS, *DEMAND_FIELDS)},
                }
            )
        results = {}
        by_cups = {point.cups: point for point in points}
        for cups in cups_list:
            point = by_cups.get(cups[:20])
            if not point or not point.sips_date:
                results[cups[:20]] = {
                    "error": self.env._(
                        "%(cups)s is not in the SIPS data imported so far.", cups=cups
                    )
                }
                continue
            results[cups[:20]] = {
                "found": True,
                "supply_point": self._point_record(point),
                "consumption": consumption_by_point.get(point.id, []),
            }
        return results

    @api.model
    def _point_record(self, point):
        """A supply point read back as a normalised SIPS record."""
        record = {
            "cups": point.cups_full or point.cups,
            "tariff_code": point.access_tariff_id.code,
            "cnae_code": point.cnae_id.code or None,
            "supply_use_code": point.supply_use_id.code or None,
            "retailer_code": point.current_retailer_id.energy_ree_code or None,
            "distributor_code": point.sips_distributor_code or None,
            "cadastral_reference": point.cadastral_reference or None,
            "self_consumption_type": point.self_consumption_type,
        }
        for fname in (
            *(f"power_p{period}_kw" for period in range(1, 7)),
            *POINT_PLAIN_KEYS,
        ):
            record[fname] = point[fname] if point[fname] is not False else None
        if point.state_id:
            codes = {state: ine for ine, state in sips_format.PROVINCE_BY_INE.items()}
            record["province_code"] = codes.get(point.state_id.code)
        return record

    # ------------------------------------------------------------------
    # CNMC SIPS API
    # ------------------------------------------------------------------

    def _lookup_cnmc(self, cups_list):
        provider = self.sudo()  # the credentials are for managers' eyes only
        if not (
            provider.cnmc_base_url
            and provider.cnmc_client_key
            and provider.cnmc_client_secret
        ):
            raise UserError(
                self.env._(
                    "The provider %(name)s lacks the CNMC API URL, client key or "
                    "secret.",
                    name=self.name,
                )
            )
        client = cnmc_client.CnmcSipsClient(
            provider.cnmc_base_url,
            provider.cnmc_client_key,
            provider.cnmc_client_secret,
            timeout=self.timeout,
        )
        results = {}
        size = cnmc_client.MAX_CUPS_PER_REQUEST
        try:
            for start in range(0, len(cups_list), size):
                chunk = cups_list[start : start + size]
                points = self._cnmc_records(
                    client, cnmc_client.PS_FILE, sips_format.PS, chunk
                )
                consumption = self._cnmc_records(
                    client,
                    cnmc_client.CONSUMPTION_FILE,
                    sips_format.CONSUMPTION,
                    chunk,
                )
                for cups in chunk:
                    key = cups[:20]
                    results[key] = self._cnmc_result(key, points, consumption)
        except requests.RequestException as error:
            raise UserError(self._network_error_message(error)) from error
        finally:
            client.close()
        return results

    @api.model
    def _cnmc_result(self, cups, points, consumption):
        """The look-up result of one CUPS from the records the CNMC returned.

        :param points: {cups: (record, problems)}
        :param consumption: {cups: [(record, problems)]}"""
        if cups not in points:
            return {
                "error": self.env._(
                    "The CNMC SIPS has no data for %(cups)s.", cups=cups
                )
            }
        record, problems = points[cups]
        errors = [msg for level, msg in problems if level == "error"]
        return {
            "found": not errors,
            "error": "\n".join(errors) or False,
            "supply_point": record,
            "warnings": [msg for level, msg in problems if level == "warning"],
            "consumption": [
                rec
                for rec, row_problems in consumption.get(cups, [])
                if not any(level == "error" for level, __ in row_problems)
            ],
        }

    def _cnmc_records(self, client, file_name, file_type, chunk):
        """Fetch one CSV of the CNMC API and read it as the file import does.

        :return: for PS {cups: (record, problems)}, for consumption
            {cups: [(record, problems)]}"""
        text = client.fetch_csv(file_name, chunk)
        if not text.strip():
            return {}
        Import = self.env["energy.sips.import"]
        try:
            header, rows = sips_format.rows_from_text(text, file_type)
        except sips_format.HeaderError as error:
            raise UserError(
                self.env._(
                    "The CNMC answered with an unexpected file: %(reason)s",
                    reason=Import._header_error_message(error),
                )
            ) from error
        records = {}
        for __, cells in rows:
            record, problems = Import._parse_cells(header, cells)
            key = (record.get("cups") or "")[:20]
            if file_type == sips_format.PS:
                records[key] = (record, problems)
            else:
                records.setdefault(key, []).append((record, problems))
        return records

    @api.model
    def _network_error_message(self, error):
        if isinstance(error, requests.HTTPError) and error.response is not None:
            status = error.response.status_code
            if status in (401, 403):
                return self.env._(
                    "The SIPS service refused the credentials (HTTP %(status)s).",
                    status=status,
                )
            return self.env._(
                "The SIPS service answered with an error (HTTP %(status)s).",
                status=status,
            )
        if isinstance(error, requests.Timeout):
            return self.env._("The SIPS service did not answer in time.")
        return self.env._(
            "The SIPS service could not be reached: %(error)s", error=str(error)
        )

    # ------------------------------------------------------------------
    # Distributor P0
    # ------------------------------------------------------------------

    def _lookup_p0(self, cups_list):
        provider = self.sudo()
        destination = self.p0_distributor_id.energy_ree_code
        emitter = self.company_id.energy_ree_code
        if not (provider.p0_url and provider.p0_user and destination and emitter):
            raise UserError(
                self.env._(
                    "The provider %(name)s needs a web service URL, a user, a "
                    "distributor with its REE code, and the company's REE code "
                    "(Energy settings).",
                    name=self.name,
                )
            )
        session = requests.Session()
        results = {}
        try:
            for cups in cups_list:
                xml = p0_client.build_request(
                    emitter, destination, cups, fields.Datetime.now()
                )
                try:
                    message = p0_client.request(
                        provider.p0_url,
                        provider.p0_user,
                        provider.p0_password or "",
                        xml,
                        destination,
                        timeout=self.timeout,
                        session=session,
                    )
                except (p0_client.P0Fault, except_f1) as error:
                    results[cups[:20]] = {
                        "error": self.env._(
                            "The distributor's P0 service failed: %(error)s",
                            error=getattr(error, "value", None) or str(error),
                        )
                    }
                    continue
                results[cups[:20]] = self._p0_result(message)
        except requests.RequestException as error:
            raise UserError(self._network_error_message(error)) from error
        finally:
            session.close()
        return results

    @api.model
    def _p0_result(self, message):
        """A look-up result from a P0 step 02 (gestionatr P0 message)."""
        if message.rechazo:
            return {"error": self._p0_rejection_message(message)}
        record = {
            "cups": normalize_cups(message.cups),
            "distributor_code": message.get_codi_emisor,
        }
        warnings = []

        def put(key, kind, value, label):
            """Convert a P0 value as the CSV import would, or warn."""
            if value in (None, False, ""):
                return
            try:
                converted = sips_format.convert(kind, str(value))
            except ValueError:
                warnings.append(
                    self.env._(
                        "%(column)s: '%(value)s' is not a valid code.",
                        column=label,
                        value=value,
                    )
                )
                return
            if converted is not None:
                record[key] = converted

        if message.contrato:
            self._p0_contract(message.contrato, record, put)
        self._p0_point(message, record, put)
        client = message.cliente
        if client and client.direccion_suministro:
            self._p0_address(client.direccion_suministro, record, put)
        return {"found": True, "supply_point": record, "warnings": warnings}

    @api.model
    def _p0_rejection_message(self, message):
        reasons = "; ".join(
            " ".join(
                part
                for part in (
                    rejection.codigo_motivo,
                    get_description(rejection.codigo_motivo, "TABLA_27") or "",
                    rejection.comentarios and f"({rejection.comentarios})",
                )
                if part
            )
            for rejection in message.rechazo
        )
        return self.env._(
            "The distributor rejected the request: %(reasons)s", reasons=reasons
        )

    @api.model
    def _p0_contract(self, contract, record, put):
        put("tariff_code", "tariff", contract.tarifa_atr, "TarifaATR")
        for period, watts in contract.potencias_contratadas:
            record[f"power_p{period}_kw"] = round(watts / 1000.0, 3)
        put(
            "power_control_mode",
            "control_mode",
            contract.modo_control_potencia,
            "ModoControlPotencia",
        )
        put("has_bono_social", "flag", contract.ind_bono_social, "IndBonoSocial")
        put("is_essential_supply", "essential", contract.ind_esencial, "IndEsencial")
        put(
            "is_habitual_dwelling",
            "flag",
            contract.vivienda_habitual,
            "ViviendaHabitual",
        )
        put("cnae_code", "cnae", contract.cnae, "CNAE")
        put("cadastral_reference", "text", contract.ref_catastro, "RefCatastro")
        put(
            "meter_telemanaged",
            "telemanaged",
            contract.tipo_de_telegestion,
            "TipodeTelegestion",
        )
        for cau in contract.autoconsumo and contract.autoconsumo.datos_cau or []:
            put(
                "self_consumption_type",
                "self_consumption",
                cau.tipo_autoconsumo,
                "TipoAutoconsumo",
            )

    @api.model
    def _p0_point(self, message, record, put):
        put("voltage_v", "voltage", message.tension_del_suministro, "Tension")
        state = message.estado_contratable
        if state:
            put("is_contractable", "flag", state.contratable, "Contratable")
            if state.motivo:
                record["not_contractable_reason"] = (
                    get_description(state.motivo, "TABLA_123") or state.motivo
                )
        put(
            "is_retailer_change_in_progress",
            "flag",
            message.existe_solicitud_en_curso,
            "ExisteSolicitudEnCurso",
        )
        rights = message.derechos_reconocidos
        if rights:
            put("access_rights_kw", "kw", rights.derecho_acceso, "DerechoAcceso")
            put("extension_rights_kw", "kw", rights.derecho_extension, "Derechos")
            put(
                "date_rights_limit",
                "date",
                rights.fecha_limite_derechos_extension,
                "FechaLimiteDerechosExtension",
            )
        if message.caracteristicas_pm:
            put(
                "measure_point_type",
                "measure_point",
                message.caracteristicas_pm.tipo_pm,
                "TipoPM",
            )
        if message.historia:
            self._p0_history(message.historia, put)
        if message.equipo:
            put(
                "meter_owner",
                "meter_owner",
                message.equipo[0].tipo_propiedad,
                "TipoPropiedad",
            )
        if message.doc_tecnica:
            self._p0_technical_documents(message.doc_tecnica, put)

    @api.model
    def _p0_history(self, history, put):
        """Dates of the last contract change, retailer change and reading."""
        for key, value, label in (
            (
                "date_last_contract_change",
                history.fecha_ultimo_movimiento_contratacion,
                "FechaUltimoMovimientoContratacion",
            ),
            (
                "date_last_retailer_change",
                history.fecha_cambio_comercializador,
                "FechaCambioComercializador",
            ),
            (
                "date_last_reading",
                history.fecha_ultima_lectura,
                "FechaUltimaLectura",
            ),
        ):
            put(key, "date", value, label)

    @api.model
    def _p0_technical_documents(self, documents, put):
        """Installed powers and supply type of the electrical certificates."""
        cie = documents.datos_cie
        if cie:
            put("bie_max_power_kw", "kw", cie.potencia_inst_bt, "PotenciaInstBT")
            if cie.cie_papel:
                put(
                    "supply_use_code",
                    "code",
                    cie.cie_papel.tipo_suministro,
                    "TipoSuministro",
                )
        apm = documents.datos_apm
        if apm:
            put("apm_max_power_kw", "kw", apm.potencia_inst_at, "PotenciaInstAT")

    @api.model
    def _p0_address(self, address, record, put):
        put("province_code", "province", address.provincia, "Provincia")
        put("municipality_code", "text", address.municipio, "Municipio")
        put("zip", "zip", address.cod_postal, "CodPostal")
        for key, value in (
            ("street_type", address.tipo_via),
            ("street_name", address.calle),
            ("street_number", address.numero_finca),
            ("street_number_suffix", address.duplicador_finca),
            ("staircase", address.escalera),
            ("floor", address.piso),
            ("door", address.puerta),
            ("address_note", address.aclarador_finca),
        ):
            if value:
                record[key] = re.sub(r"\s+", " ", str(value)).strip()
