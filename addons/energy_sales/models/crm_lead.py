# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.energy_base.models.energy_supply_point import normalize_cups

# What makes two open leads the same person or supply: the CUPS (its first 20
# characters: the suffix only names the meter), the NIF and the phone number.
DEDUP_FIELDS = ("cups", "vat", "phone_key")


def phone_key(value):
    """The digits of a phone number, without the Spanish prefix: "+34 611 22
    33 44", "0034611223344" and "611 223 344" are the same number."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0034"):
        digits = digits[4:]
    elif digits.startswith("34") and len(digits) == 11:
        digits = digits[2:]
    return digits or False


def normalize_vat(value):
    """NIF without spaces, dashes or the ES prefix, upper case."""
    vat = re.sub(r"[\s.\-]", "", value or "").upper()
    return vat[2:] if vat.startswith("ES") and len(vat) > 9 else vat


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    cups = fields.Char(
        string="CUPS",
        index="btree_not_null",
        tracking=True,
        help="Universal supply point code (Código Universal del Punto de "
        "Suministro) of the supply the lead is about.",
    )
    supply_point_id = fields.Many2one(
        "energy.supply.point",
        index="btree_not_null",
        tracking=True,
        help="The supply point of the CUPS, once it is known to the suite.",
    )
    vat = fields.Char(string="NIF", index="btree_not_null", tracking=True)
    phone_key = fields.Char(
        compute="_compute_phone_key",
        store=True,
        index="btree_not_null",
        help="The phone number as compared to find duplicates.",
    )
    customer_type = fields.Selection(
        [("individual", "Individual"), ("company", "Business")],
        default="individual",
        required=True,
        tracking=True,
    )
    channel_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        domain=[("is_energy_channel", "=", True)],
        tracking=True,
        help="Agency or sub-agency that brought the lead.",
    )
    # RD 88/2026: an outbound commercial call needs a request of the person or
    # their prior consent, and the retailer must be able to prove it.
    consent_basis = fields.Selection(
        [
            ("request", "Request of the person"),
            ("consent", "Prior consent"),
        ],
        string="Call Permission",
        tracking=True,
        help="Why we may call this person: they asked to be called, or they "
        "gave their consent beforehand. Empty: no commercial call may be made.",
    )
    consent_date = fields.Datetime(tracking=True)
    consent_origin = fields.Selection(
        [
            ("web_form", "Web form"),
            ("phone", "Recorded phone call"),
            ("written", "Signed document"),
            ("channel", "Channel"),
            ("in_person", "In person"),
        ],
        tracking=True,
    )
    consent_reference = fields.Char(
        string="Consent Evidence",
        tracking=True,
        help="Reference of the evidence: the recording of the call, the web "
        "form submission or the document.",
    )
    # RD 88/2026: a contract taken by phone needs the person's identity
    # verified first, and the evidence kept.
    identity_verified_on = fields.Datetime(
        tracking=True,
        help="When the person's identity was verified, before a contract is "
        "taken by phone.",
    )
    identity_method = fields.Selection(
        [
            ("document", "Identity document checked"),
            ("otp", "One-time code to the person's phone or e-mail"),
            ("recording", "Identity questions in a recorded call"),
        ],
        string="Verified By",
        tracking=True,
    )
    identity_reference = fields.Char(
        string="Verification Evidence",
        tracking=True,
        help="Reference of the document copy, the code sent or the recording.",
    )
    can_call = fields.Boolean(
        string="May Be Called",
        compute="_compute_can_call",
        store=True,
        help="A request or consent is recorded with its evidence.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("phone")
    def _compute_phone_key(self):
        for lead in self:
            lead.phone_key = phone_key(lead.phone)

    @api.depends("consent_basis", "consent_date", "consent_origin")
    def _compute_can_call(self):
        for lead in self:
            lead.can_call = bool(
                lead.consent_basis and lead.consent_date and lead.consent_origin
            )

    # ------------------------------------------------------------------
    # Constraint methods
    # ------------------------------------------------------------------

    @api.constrains(
        "consent_basis", "consent_date", "consent_origin", "consent_reference"
    )
    def _check_consent_evidence(self):
        for lead in self.filtered("consent_basis"):
            if not (lead.consent_date and lead.consent_origin):
                raise ValidationError(
                    self.env._(
                        "%(lead)s: a request or consent needs its date and origin.",
                        lead=lead.display_name,
                    )
                )
            if lead.consent_origin == "phone" and not lead.consent_reference:
                raise ValidationError(
                    self.env._(
                        "%(lead)s: a consent given on the phone needs the "
                        "reference of its recording.",
                        lead=lead.display_name,
                    )
                )
            if lead.consent_date > fields.Datetime.now():
                raise ValidationError(
                    self.env._(
                        "%(lead)s: the consent date cannot be in the future.",
                        lead=lead.display_name,
                    )
                )

    @api.constrains("identity_verified_on", "identity_method", "identity_reference")
    def _check_identity_evidence(self):
        for lead in self.filtered("identity_verified_on"):
            if not (lead.identity_method and lead.identity_reference):
                raise ValidationError(
                    self.env._(
                        "%(lead)s: an identity verification needs its method and "
                        "the reference of its evidence.",
                        lead=lead.display_name,
                    )
                )

    @api.constrains("cups")
    def _check_cups(self):
        Point = self.env["energy.supply.point"]
        for lead in self.filtered("cups"):
            error = Point._cups_error(lead.cups)
            if error:
                raise ValidationError(error)

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_sales_vals(vals)
        leads = super().create(vals_list)
        leads._check_sales_duplicates(DEDUP_FIELDS)
        return leads

    def write(self, vals):
        self._normalize_sales_vals(vals)
        changed = {
            fname
            for fname in ("cups", "vat", "phone")
            if fname in vals and any(lead[fname] != vals[fname] for lead in self)
        }
        res = super().write(vals)
        if changed:
            self._check_sales_duplicates(
                [f if f != "phone" else "phone_key" for f in changed]
            )
        return res

    @api.model
    def _normalize_sales_vals(self, vals):
        if vals.get("cups"):
            vals["cups"] = normalize_cups(vals["cups"])
        if vals.get("vat"):
            vals["vat"] = normalize_vat(vals["vat"])

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _find_sales_duplicates(self, values, fnames=DEDUP_FIELDS):
        """Open leads (any owner) whose CUPS, NIF or phone is among `values`
        (dict field → set of values); one query for the whole batch."""
        domains = [
            [(fname, "in", list(values[fname]))] for fname in fnames if values[fname]
        ]
        if not domains:
            return self.browse()
        domain = ["|"] * (len(domains) - 1) + [leaf for d in domains for leaf in d]
        return (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch(domain, ["name", *DEDUP_FIELDS])
        )

    def _check_sales_duplicates(self, fnames):
        """Refuse a second open lead with the CUPS, NIF or phone of another
        (any owner, any company). One indexed self-join per key for the
        whole batch, so that imports of thousands of leads check them at
        the cost of a few queries."""
        leads = self.filtered("active")
        if not leads:
            return
        self.flush_model(["active", "name", *fnames])
        labels = {
            "cups": self.env._("CUPS"),
            "vat": self.env._("NIF"),
            "phone_key": self.env._("phone"),
        }
        for fname in fnames:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT new.name, other.name
                      FROM crm_lead new
                      JOIN crm_lead other
                        ON other.%(key)s = new.%(key)s
                       AND other.id != new.id
                       AND other.active
                     WHERE new.id = ANY(%(ids)s)
                     ORDER BY new.id, other.id
                     LIMIT 1
                    """,
                    key=SQL.identifier(fname),
                    ids=leads.ids,
                )
            )
            if rows:
                raise ValidationError(
                    self.env._(
                        "%(lead)s has the same %(field)s as the open lead "
                        "%(other)s: work on that lead instead.",
                        lead=rows[0][0],
                        field=labels[fname],
                        other=rows[0][1],
                    )
                )

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_log_call(self):
        """Open the call wizard: outcome, call-back, reason."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "energy_sales.energy_sales_call_wizard_action"
        )
        action["context"] = {"default_lead_id": self.id}
        return action
