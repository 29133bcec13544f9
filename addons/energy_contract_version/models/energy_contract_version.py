# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.energy_contract.models.energy_contract import POWER_FIELDS

# Requests whose activation moves new conditions onto the contract they change.
CONDITION_CHANGE_TYPES = (
    "modification",
    "holder_change",
    "holder_change_switch",
    "renewal",
)
HOLDER_CHANGE_TYPES = ("holder_change", "holder_change_switch")
# Requests whose activation ends the contract they change.
ENDING_TYPES = ("termination", "withdrawal")


class EnergyContractVersion(models.Model):
    """The conditions of a contract (holder, product, tariff, powers) over a
    span of dates. The first version opens when the contract becomes active;
    each modification or holder change that becomes active closes the current
    version the day before it takes effect and opens the next one. Written only
    by the activation and termination of requests."""

    _name = "energy.contract.version"
    _description = "Dated Conditions of a Contract"
    _order = "contract_id, date_from desc, id desc"
    _rec_name = "contract_id"

    contract_id = fields.Many2one(
        "energy.contract",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    date_from = fields.Date(string="Valid From", required=True, index=True)
    date_to = fields.Date(
        string="Valid Until",
        index="btree_not_null",
        help="Last day these conditions applied; empty while they are in force.",
    )
    is_current = fields.Boolean(
        string="In Force", compute="_compute_is_current", search="_search_is_current"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Holder", required=True, index=True
    )
    product_id = fields.Many2one("energy.product")
    access_tariff_id = fields.Many2one("energy.access.tariff")
    power_p1_kw = fields.Float(string="Power P1 (kW)", digits=(16, 3))
    power_p2_kw = fields.Float(string="Power P2 (kW)", digits=(16, 3))
    power_p3_kw = fields.Float(string="Power P3 (kW)", digits=(16, 3))
    power_p4_kw = fields.Float(string="Power P4 (kW)", digits=(16, 3))
    power_p5_kw = fields.Float(string="Power P5 (kW)", digits=(16, 3))
    power_p6_kw = fields.Float(string="Power P6 (kW)", digits=(16, 3))
    source_request_id = fields.Many2one(
        "energy.contract",
        index="btree_not_null",
        help="The request whose activation brought these conditions.",
    )
    source_request_type = fields.Selection(
        related="source_request_id.request_type", string="Change"
    )

    _sql_constraints = [
        (
            "dates_in_order",
            "CHECK (date_to IS NULL OR date_to >= date_from)",
            "A version cannot end before it starts.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("contract_id.name", "date_from")
    def _compute_display_name(self):
        for version in self:
            version.display_name = self.env._(
                "%(contract)s from %(date)s",
                contract=version.contract_id.name or "",
                date=version.date_from or "",
            )

    @api.depends("date_from", "date_to")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for version in self:
            version.is_current = bool(
                version.date_from
                and version.date_from <= today
                and (not version.date_to or version.date_to >= today)
            )

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on In Force."))
        today = fields.Date.context_today(self)
        current = [
            ("date_from", "<=", today),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", today),
        ]
        if (operator == "=") == value:
            return current
        return ["!", "&", *current]

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains("contract_id", "date_from", "date_to")
    def _check_no_overlap(self):
        """Two versions of a contract never apply on the same day (one query
        for the whole batch)."""
        siblings = self.search([("contract_id", "in", self.contract_id.ids)])
        by_contract = defaultdict(list)
        for version in siblings:
            by_contract[version.contract_id].append(version)
        for contract, versions in by_contract.items():
            spans = sorted(
                (v.date_from, v.date_to or fields.Date.to_date("9999-12-31"))
                for v in versions
            )
            for (_start, end), (next_start, _end) in zip(
                spans, spans[1:], strict=False
            ):
                if next_start <= end:
                    raise ValidationError(
                        self.env._(
                            "The conditions of %(contract)s overlap on %(date)s.",
                            contract=contract.name,
                            date=next_start,
                        )
                    )


class EnergyContract(models.Model):
    _inherit = "energy.contract"

    version_ids = fields.One2many(
        "energy.contract.version",
        "contract_id",
        string="Conditions History",
        readonly=True,
    )
    is_power_increase = fields.Boolean(
        string="Power Increase",
        compute="_compute_is_power_increase",
        store=True,
        help="The request asks for more power, in some period, than the contract "
        "it changes had when the request was made (an installation certificate "
        "may be required).",
    )
    requested_voltage_v = fields.Integer(
        string="Requested Voltage (V)",
        help="Supply voltage asked of the distributor with a power change; empty "
        "when it stays as it is.",
    )
    requested_phases = fields.Selection(
        [("single", "Single-phase"), ("three", "Three-phase")],
        help="Single-phase supplies take at most 14.49 kW (230 V x 63 A); above "
        "that the distributor requires a three-phase supply.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("parent_contract_id", *POWER_FIELDS)
    def _compute_is_power_increase(self):
        for request in self:
            parent = request.parent_contract_id
            request.is_power_increase = bool(parent) and any(
                request[fname] > parent[fname] for fname in POWER_FIELDS
            )

    # ------------------------------------------------------------------
    # Hooks of the lifecycle
    # ------------------------------------------------------------------

    def _get_phase_exit_errors(self, new_state):
        errors = super()._get_phase_exit_errors(new_state)
        parent = self.parent_contract_id
        if (
            new_state == "active"
            and parent
            and self.request_type in CONDITION_CHANGE_TYPES + ENDING_TYPES
            and parent.state != "active"
        ):
            errors.append(
                self.env._(
                    "the contract %(contract)s it changes is not active",
                    contract=parent.name,
                )
            )
        return errors

    def _prepare_activation_values(self, date_activated=None):
        values = super()._prepare_activation_values(date_activated)
        self._check_change_dates(values["date_activated"])
        return values

    def _action_activate(self):
        result = super()._action_activate()
        with_parent = self.filtered("parent_contract_id")
        changes = with_parent.filtered(
            lambda r: r.request_type in CONDITION_CHANGE_TYPES
        )
        endings = with_parent.filtered(lambda r: r.request_type in ENDING_TYPES)
        (self - changes - endings)._open_first_versions()
        changes._apply_to_changed_contracts()
        endings._terminate_changed_contracts()
        return result

    def _action_terminate(self):
        result = super()._action_terminate()
        self._close_versions_on_termination()
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_change_dates(self, date_activated):
        """Refuse, before anything moves, change requests that would take
        effect on or before the start of the conditions in force."""
        changes = self.filtered(
            lambda r: r.parent_contract_id and r.request_type in CONDITION_CHANGE_TYPES
        )
        if not changes:
            return
        start = fields.Date.to_date(date_activated)
        current = {
            version.contract_id: version.date_from
            for version in self.env["energy.contract.version"]
            .sudo()
            .search(
                [
                    ("contract_id", "in", changes.parent_contract_id.ids),
                    ("date_to", "=", False),
                ]
            )
        }
        for request in changes:
            parent = request.parent_contract_id
            current_start = current.get(parent) or parent.date_activated
            if current_start and start <= current_start:
                raise UserError(request._late_change_message(start, current_start))

    def _late_change_message(self, start, current_start):
        return self.env._(
            "%(request)s takes effect on %(date)s, but the conditions of "
            "%(contract)s in force started on %(start)s: the change must start "
            "later.",
            request=self.name,
            date=start,
            contract=self.parent_contract_id.name,
            start=current_start,
        )

    def _prepare_version_values(self, contract=None):
        """Values of a version of `contract` (default: self) with the
        conditions carried by this request."""
        self.ensure_one()
        contract = contract or self
        return {
            "contract_id": contract.id,
            "date_from": self.date_activated,
            "partner_id": self.partner_id.id,
            "product_id": self.product_id.id,
            "access_tariff_id": self.access_tariff_id.id,
            **{fname: self[fname] for fname in POWER_FIELDS},
            "source_request_id": self.id,
        }

    def _open_first_versions(self):
        """Contracts that became active get their first version (one create)."""
        if not self:
            return
        Version = self.env["energy.contract.version"].sudo()
        known = set(Version.search([("contract_id", "in", self.ids)]).contract_id.ids)
        Version.create(
            [
                contract._prepare_version_values()
                for contract in self
                if contract.id not in known
            ]
        )

    def _prepare_changed_contract_values(self):
        """What this change request (active) writes on the contract it changes:
        the new holder, product, tariff and powers it carries, and the billing
        data of the new holder."""
        self.ensure_one()
        parent = self.parent_contract_id
        values = {
            "partner_id": self.partner_id.id,
            "product_id": (self.product_id or parent.product_id).id,
            "access_tariff_id": (self.access_tariff_id or parent.access_tariff_id).id,
        }
        if any(self._get_powers_kw()):
            values.update({fname: self[fname] for fname in POWER_FIELDS})
        if self.request_type in HOLDER_CHANGE_TYPES:
            # the payer changes with the holder: a SEPA mandate is signed by the
            # debtor, so the previous holder's one cannot be used for the new one
            values.update(
                {
                    "bank_iban": self.bank_iban,
                    "sepa_mandate_ref": self.sepa_mandate_ref,
                    "sepa_mandate_date": self.sepa_mandate_date,
                    "partner_invoice_id": self.partner_invoice_id.id,
                }
            )
        return values

    def _prepare_supply_point_values(self):
        """What this change request (active) writes on its supply point."""
        self.ensure_one()
        values = {}
        if self.request_type in HOLDER_CHANGE_TYPES:
            values["holder_id"] = self.partner_id.id
        if any(self._get_powers_kw()):
            values.update({fname: self[fname] for fname in POWER_FIELDS})
            if self.access_tariff_id:
                values["access_tariff_id"] = self.access_tariff_id.id
        if self.requested_voltage_v:
            values["voltage_v"] = self.requested_voltage_v
        return values

    def _apply_to_changed_contracts(self):
        """Active change requests move their conditions onto the contracts they
        change, in activation order: the contract's version in force closes the
        day before the change takes effect and a new one opens; the contract
        keeps its reference. Versions are created in one batch."""
        if not self:
            return
        Version = self.env["energy.contract.version"].sudo()
        parents = self.parent_contract_id
        open_versions = {
            version.contract_id.id: version
            for version in Version.search(
                [("contract_id", "in", parents.ids), ("date_to", "=", False)]
            )
        }
        to_close = defaultdict(Version.browse)  # date_to: versions
        to_create = []
        parent_values = defaultdict(dict)
        point_values = defaultdict(dict)
        for request in self.sorted(lambda r: (r.date_activated, r.id)):
            parent = request.parent_contract_id
            start = request.date_activated
            current = open_versions.get(parent.id)
            if current is None and parent.date_activated:
                # a contract activated before versions existed: keep its
                # conditions up to the change as its first version
                current = {
                    **parent._prepare_version_values(),
                    "date_from": parent.date_activated,
                    "source_request_id": parent.id,
                }
                to_create.append(current)
            if current is not None:
                current_start = (
                    current["date_from"]
                    if isinstance(current, dict)
                    else current.date_from
                )
                if start <= current_start:
                    raise UserError(request._late_change_message(start, current_start))
                if isinstance(current, dict):
                    current["date_to"] = start - timedelta(days=1)
                else:
                    to_close[start - timedelta(days=1)] |= current
            new_version = request._prepare_version_values(parent)
            to_create.append(new_version)
            open_versions[parent.id] = new_version
            parent_values[parent].update(request._prepare_changed_contract_values())
            point_values[request.supply_point_id].update(
                request._prepare_supply_point_values()
            )
        for date_to, versions in to_close.items():
            versions.write({"date_to": date_to})
        Version.create(to_create)
        for parent, values in parent_values.items():
            parent.write(values)
        for point, values in point_values.items():
            if point and values:
                point.write(values)

    def _terminate_changed_contracts(self):
        """Active termination or withdrawal requests end the contract they
        change on their activation date."""
        groups = defaultdict(self.browse)
        for request in self:
            key = (request.date_activated, request.termination_reason or "")
            groups[key] |= request.parent_contract_id
        for (date, termination_reason), parents in groups.items():
            requests = self.filtered(lambda r, p=parents: r.parent_contract_id in p)
            parents.action_terminate(
                self.env._(
                    "Terminated by request %(requests)s.",
                    requests=", ".join(requests.mapped("name")),
                ),
                termination_reason=termination_reason or "customer_request",
                date=date,
            )

    def _close_versions_on_termination(self):
        """The version in force of a terminated contract ends on its
        termination date (one search, one write per date)."""
        Version = self.env["energy.contract.version"].sudo()
        by_date = defaultdict(Version.browse)
        for version in Version.search(
            [("contract_id", "in", self.ids), ("date_to", "=", False)]
        ):
            contract = version.contract_id
            end = max(contract.date_terminated or version.date_from, version.date_from)
            by_date[end] |= version
        for date_to, versions in by_date.items():
            versions.write({"date_to": date_to})
