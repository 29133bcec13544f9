# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from stdnum import iban as stdnum_iban
from stdnum.es import cif as stdnum_cif
from stdnum.es import nif as stdnum_nif
from stdnum.exceptions import ValidationError as StdnumValidationError

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.energy_contract.models.energy_contract import POWER_FIELDS
from odoo.addons.energy_contract.models.lifecycle import (
    IN_FORCE_STATES,
    IN_PROGRESS_STATES,
)

# A single-phase supply takes at most 230 V x 63 A; above it the distributor
# asks for a three-phase supply (CNMC rejection code 49).
SINGLE_PHASE_MAX_KW = 14.49


def normalize_nif(value):
    """The NIF as stored for comparisons: upper case, no spaces, dashes or ES
    prefix (stdnum's compact form)."""
    return stdnum_nif.compact(value or "")


class EnergyContractHolderChange(models.TransientModel):
    """Opens the request that passes an active contract to a new holder
    (transfer, M1, or with a switch of retailer, C2), optionally with more
    power. The request runs through the usual lifecycle; on activation the
    supply point passes to the new holder and the old conditions close."""

    _name = "energy.contract.holder.change"
    _description = "Holder Change of a Contract"

    contract_id = fields.Many2one(
        "energy.contract",
        required=True,
        readonly=True,
        ondelete="cascade",
        default=lambda self: self.env.context.get("active_id"),
    )
    current_holder_id = fields.Many2one(
        related="contract_id.partner_id", string="Current Holder"
    )
    supply_point_id = fields.Many2one(related="contract_id.supply_point_id")
    access_tariff_id = fields.Many2one(related="contract_id.access_tariff_id")
    mode = fields.Selection(
        [
            ("transfer", "Transfer (traspaso, M1)"),
            ("switch", "With a switch of retailer (C2)"),
        ],
        required=True,
        default="transfer",
        help="Transfer: the supply stays with us and changes holder. With a switch: "
        "the new holder also comes from another retailer.",
    )

    # New holder: found by NIF, or created here
    holder_vat = fields.Char(
        string="New Holder's NIF",
        help="DNI, NIE or CIF, typed in any form (spaces, dashes, lower case, ES "
        "prefix).",
    )
    new_holder_id = fields.Many2one(
        "res.partner",
        compute="_compute_new_holder_id",
        store=True,
        readonly=False,
        help="Found by the NIF; when nobody has it, fill in the data below to "
        "create the new holder.",
    )
    holder_vat_error = fields.Char(compute="_compute_holder_vat_error")
    holder_type = fields.Selection(
        [("individual", "Individual"), ("company", "Company")],
        compute="_compute_holder_type",
        store=True,
        readonly=False,
    )
    holder_name = fields.Char(string="Name")
    holder_email = fields.Char(string="E-mail")
    holder_phone = fields.Char(string="Phone")
    holder_street = fields.Char(string="Street")
    holder_street2 = fields.Char(string="Street 2")
    holder_zip = fields.Char(string="Postcode")
    holder_city = fields.Char(string="City")
    holder_state_id = fields.Many2one(
        "res.country.state",
        string="Province",
        domain="[('country_id', '=?', holder_country_id)]",
    )
    holder_country_id = fields.Many2one(
        "res.country",
        string="Country",
        default=lambda self: self.env.ref("base.es", raise_if_not_found=False),
    )

    # Billing of the new holder
    keep_bank_account = fields.Boolean(
        string="Keep the Bank Account",
        help="The new holder pays from the account of the contract (e.g. a spouse "
        "who takes over); the new holder still signs the SEPA mandate.",
    )
    bank_iban = fields.Char(string="IBAN")
    sepa_mandate_ref = fields.Char(string="SEPA Mandate Reference")
    sepa_mandate_date = fields.Date(string="SEPA Mandate Date")

    # Optional power increase
    change_power = fields.Boolean(
        string="Power Increase",
        help="The new holder also asks for other contracted powers.",
    )
    power_p1_kw = fields.Float(
        string="P1 (kW)",
        digits=(16, 3),
        compute="_compute_powers",
        store=True,
        readonly=False,
    )
    power_p2_kw = fields.Float(
        string="P2 (kW)",
        digits=(16, 3),
        compute="_compute_powers",
        store=True,
        readonly=False,
    )
    power_p3_kw = fields.Float(
        string="P3 (kW)",
        digits=(16, 3),
        compute="_compute_powers",
        store=True,
        readonly=False,
    )
    power_p4_kw = fields.Float(
        string="P4 (kW)",
        digits=(16, 3),
        compute="_compute_powers",
        store=True,
        readonly=False,
    )
    power_p5_kw = fields.Float(
        string="P5 (kW)",
        digits=(16, 3),
        compute="_compute_powers",
        store=True,
        readonly=False,
    )
    power_p6_kw = fields.Float(
        string="P6 (kW)",
        digits=(16, 3),
        compute="_compute_powers",
        store=True,
        readonly=False,
    )
    voltage_v = fields.Integer(
        string="Voltage (V)",
        compute="_compute_powers",
        store=True,
        readonly=False,
    )
    phases = fields.Selection(
        [("single", "Single-phase"), ("three", "Three-phase")],
        default="single",
        help="Single-phase supplies take at most 14.49 kW.",
    )
    power_errors = fields.Text(compute="_compute_power_errors")

    date_activation_requested = fields.Date(
        string="Desired Date",
        help="When the new holder wants to take over; as soon as possible when empty.",
    )
    required_documents = fields.Text(compute="_compute_required_documents")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("holder_vat")
    def _compute_new_holder_id(self):
        for wizard in self:
            if wizard.holder_vat:
                wizard.new_holder_id = wizard._find_holder(wizard.holder_vat)
            else:
                wizard.new_holder_id = wizard.new_holder_id

    @api.depends("holder_vat")
    def _compute_holder_vat_error(self):
        for wizard in self:
            wizard.holder_vat_error = (
                wizard._nif_error(wizard.holder_vat) if wizard.holder_vat else False
            )

    @api.depends("holder_vat")
    def _compute_holder_type(self):
        for wizard in self:
            number = normalize_nif(wizard.holder_vat)
            wizard.holder_type = (
                "company" if number and stdnum_cif.is_valid(number) else "individual"
            )

    @api.depends("contract_id")
    def _compute_powers(self):
        for wizard in self:
            contract = wizard.contract_id
            for fname in POWER_FIELDS:
                wizard[fname] = contract[fname]
            wizard.voltage_v = contract.supply_point_id.voltage_v

    @api.depends("change_power", "voltage_v", "phases", *POWER_FIELDS)
    def _compute_power_errors(self):
        for wizard in self:
            errors = wizard._get_power_errors() if wizard.change_power else []
            wizard.power_errors = "\n".join(errors) or False

    @api.depends("change_power", "holder_type", *POWER_FIELDS)
    def _compute_required_documents(self):
        for wizard in self:
            documents = [
                self.env._("Identity document of the new holder (DNI or NIE)")
                if wizard.holder_type != "company"
                else self.env._(
                    "CIF of the company, and ID and power of attorney of its "
                    "representative"
                ),
                self.env._(
                    "Proof of the right to the premises (deed, lease or the "
                    "previous holder's consent)"
                ),
                self.env._("SEPA mandate signed by the new holder"),
            ]
            if wizard.change_power and wizard._is_power_increase():
                documents.append(
                    self.env._(
                        "Installation certificate (CIE) from an authorised installer"
                    )
                )
            wizard.required_documents = "\n".join(f"- {doc}" for doc in documents)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_create_request(self):
        """Check everything, then create the new holder if needed and the
        request in draft; open it."""
        self.ensure_one()
        errors = self._get_errors()
        if errors:
            raise UserError("\n".join(errors))
        holder = self.new_holder_id or self._create_holder()
        request = self.env["energy.contract"].create(
            self._prepare_request_values(holder)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "energy.contract",
            "res_id": request.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _nif_error(self, vat):
        try:
            stdnum_nif.validate(vat or "")
        except StdnumValidationError:
            return self.env._(
                "%(vat)s is not a valid NIF, NIE or CIF.", vat=(vat or "").strip()
            )
        return False

    @api.model
    def _find_holder(self, vat):
        """The commercial partner whose NIF is `vat`, however it was typed or
        stored (with or without ES prefix, in any case)."""
        number = normalize_nif(vat)
        if not number:
            return self.env["res.partner"]
        partners = self.env["res.partner"].search(
            ["|", ("vat", "=ilike", number), ("vat", "=ilike", f"ES{number}")],
            order="id",
        )
        return partners.commercial_partner_id.sorted("id")[:1]

    def _get_powers(self):
        self.ensure_one()
        return [self[fname] for fname in POWER_FIELDS]

    def _is_power_increase(self):
        self.ensure_one()
        contract = self.contract_id
        return any(self[fname] > contract[fname] for fname in POWER_FIELDS)

    def _get_power_errors(self):
        """The access tariff's messages about the new powers, and the
        single-phase limit."""
        self.ensure_one()
        tariff = self.contract_id.access_tariff_id
        powers = self._get_powers()
        errors = tariff._power_errors(powers, self.voltage_v) if tariff else []
        if self.phases == "single" and max(powers) > SINGLE_PHASE_MAX_KW:
            errors.append(
                self.env._(
                    "A single-phase supply takes at most %(max)s kW: ask for a "
                    "three-phase supply.",
                    max=SINGLE_PHASE_MAX_KW,
                )
            )
        return errors

    def _get_errors(self):
        """Every reason the request cannot be created, translated."""
        self.ensure_one()
        contract = self.contract_id
        errors = []
        if contract.state not in IN_FORCE_STATES:
            errors.append(
                self.env._(
                    "Only an active contract changes holder; %(contract)s is not "
                    "active.",
                    contract=contract.name,
                )
            )
        pending = contract.change_request_ids.filtered(
            lambda r: r.request_type in ("holder_change", "holder_change_switch")
            and r.state in IN_PROGRESS_STATES
        )
        if pending:
            errors.append(
                self.env._(
                    "%(contract)s already has a holder change in progress: "
                    "%(requests)s.",
                    contract=contract.name,
                    requests=", ".join(pending.mapped("name")),
                )
            )
        if not self.new_holder_id:
            if not self.holder_vat:
                errors.append(
                    self.env._("Give the new holder's NIF, or choose the new holder.")
                )
            elif self.holder_vat_error:
                errors.append(self.holder_vat_error)
            if not (self.holder_name or "").strip():
                errors.append(self.env._("Give the name of the new holder."))
        elif (
            self.new_holder_id.commercial_partner_id
            == contract.partner_id.commercial_partner_id
        ):
            errors.append(
                self.env._(
                    "%(holder)s already holds %(contract)s.",
                    holder=self.new_holder_id.display_name,
                    contract=contract.name,
                )
            )
        if self.change_power:
            errors += self._get_power_errors()
        if (
            not self.keep_bank_account
            and self.bank_iban
            and not stdnum_iban.is_valid(self.bank_iban)
        ):
            errors.append(
                self.env._("%(iban)s is not a valid IBAN.", iban=self.bank_iban)
            )
        return errors

    def _prepare_holder_values(self):
        self.ensure_one()
        return {
            "name": self.holder_name.strip(),
            "is_company": self.holder_type == "company",
            "vat": f"ES{normalize_nif(self.holder_vat)}",
            "email": self.holder_email,
            "phone": self.holder_phone,
            "street": self.holder_street,
            "street2": self.holder_street2,
            "zip": self.holder_zip,
            "city": self.holder_city,
            "state_id": self.holder_state_id.id,
            "country_id": self.holder_country_id.id,
        }

    def _create_holder(self):
        return self.env["res.partner"].create(self._prepare_holder_values())

    def _prepare_request_values(self, holder):
        """The linked request: same supply point, product and tariff as the
        contract, the new holder, and the new powers when they change."""
        self.ensure_one()
        contract = self.contract_id
        source = self if self.change_power else contract
        values = {
            "request_type": "holder_change"
            if self.mode == "transfer"
            else "holder_change_switch",
            "parent_contract_id": contract.id,
            "company_id": contract.company_id.id,
            "partner_id": holder.id,
            "supply_point_id": contract.supply_point_id.id,
            "product_id": contract.product_id.id,
            "access_tariff_id": contract.access_tariff_id.id,
            **{fname: source[fname] for fname in POWER_FIELDS},
            "duration_months": contract.duration_months,
            "auto_renew": contract.auto_renew,
            "source": "backoffice",
            "activation_mode": "fixed_date"
            if self.date_activation_requested
            else "asap",
            "date_activation_requested": self.date_activation_requested,
        }
        if self.change_power:
            values.update(
                {
                    "requested_voltage_v": self.voltage_v,
                    "requested_phases": self.phases,
                }
            )
        values.update(
            {
                "bank_iban": contract.bank_iban
                if self.keep_bank_account
                else self.bank_iban,
                "sepa_mandate_ref": self.sepa_mandate_ref,
                "sepa_mandate_date": self.sepa_mandate_date,
            }
        )
        return values
