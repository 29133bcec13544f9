# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from markupsafe import Markup
from stdnum.es import cif as stdnum_cif
from stdnum.es import dni as stdnum_dni
from stdnum.es import nie as stdnum_nie

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from odoo.addons.energy_base.models.energy_supply_point import normalize_cups

from .crm_lead import normalize_vat, phone_key

# What the public web form and the channel's portal form read; nothing else.
CAPTURE_FIELDS = (
    "customer_type",
    "contact_name",
    "company_name",
    "vat",
    "phone",
    "email",
    "cups",
    "zip",
)
# Spanish postal codes: two digits of the province (01-52), three more.
ZIP_RE = re.compile(r"^(0[1-9]|[1-4]\d|5[0-2])\d{3}$")
# Spanish phone numbers: nine digits, mobiles 6/7, landlines 8/9.
PHONE_RE = re.compile(r"^[6-9]\d{8}$")
MAX_TEXT = 120


class CrmLead(models.Model):
    """Leads captured from the public web form and from a channel's portal:
    one validation for both, deduplicated by CUPS, NIF and phone, with the
    submission kept as the evidence of the request or consent."""

    _inherit = "crm.lead"

    marketing_consent = fields.Boolean(
        tracking=True,
        help="The person agreed to receive commercial communications. Separate "
        "from the call permission, which only covers this request.",
    )
    marketing_consent_date = fields.Datetime(tracking=True)
    submission_ids = fields.One2many(
        "energy.sales.lead.submission", "lead_id", string="Form Submissions"
    )

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------

    @api.model
    def _capture_errors(self, values):
        """{field: translated reason} for the values of a lead form."""
        errors = {}
        customer_type = values.get("customer_type")
        if customer_type not in ("individual", "company"):
            errors["customer_type"] = self.env._(
                "Say whether you are an individual or a business."
            )
        for fname, value in values.items():
            if isinstance(value, str) and len(value) > MAX_TEXT:
                errors[fname] = self.env._("This field is too long.")
        if not values.get("contact_name"):
            errors["contact_name"] = self.env._("Enter your name and surnames.")
        if customer_type == "company" and not values.get("company_name"):
            errors["company_name"] = self.env._("Enter the name of the business.")
        vat = normalize_vat(values.get("vat"))
        if customer_type == "company":
            if not stdnum_cif.is_valid(vat):
                errors["vat"] = self.env._(
                    "%(vat)s is not a valid CIF: a business's CIF is a letter, "
                    "seven digits and a check character (e.g. B12345674).",
                    vat=values.get("vat") or "",
                )
        elif not (stdnum_dni.is_valid(vat) or stdnum_nie.is_valid(vat)):
            errors["vat"] = self.env._(
                "%(vat)s is not a valid DNI or NIE (e.g. 12345678Z or X1234567L).",
                vat=values.get("vat") or "",
            )
        if not PHONE_RE.match(phone_key(values.get("phone")) or ""):
            errors["phone"] = self.env._("Enter a Spanish phone number of nine digits.")
        if not email_normalize(values.get("email") or ""):
            errors["email"] = self.env._("Enter a valid e-mail address.")
        if values.get("cups"):
            cups_error = self.env["energy.supply.point"]._cups_error(values["cups"])
            if cups_error:
                errors["cups"] = cups_error
        if not ZIP_RE.match((values.get("zip") or "").strip()):
            errors["zip"] = self.env._("Enter a Spanish postal code of five digits.")
        return errors

    # ------------------------------------------------------------------
    # Capture
    # ------------------------------------------------------------------

    @api.model
    def _capture_from_form(self, values, evidence, utm=None, channel=None):
        """Create the lead of a form submission, or add the submission to the
        open lead with the same CUPS, NIF or phone. Trusted code (the forms'
        controllers, as superuser): the caller has validated the values with
        `_capture_errors` and checked the channel.

        :param values: the form's values, keys of CAPTURE_FIELDS
        :param evidence: dict for energy.sales.lead.submission (origin,
            ip_address, user_agent, contact_request, marketing_consent,
            privacy_accepted, evidence_note, consent_basis)
        :param utm: {"campaign_id": ..., "source_id": ..., "medium_id": ...}
        :param channel: the channel the lead is for (channel portal)
        :return: (lead, created)
        """
        errors = self._capture_errors(values)
        if errors:
            raise UserError("\n".join(errors.values()))
        normalized = {
            "cups": normalize_cups(values.get("cups")) or False,
            "vat": normalize_vat(values["vat"]),
            "phone_key": phone_key(values["phone"]),
        }
        basis = evidence.pop("consent_basis", None) or (
            "request" if evidence.get("contact_request") else False
        )
        submission = (
            self.env["energy.sales.lead.submission"]
            .sudo()
            .create(
                dict(
                    evidence,
                    channel_id=channel.id if channel else False,
                    contact_request=basis == "request",
                )
            )
        )
        existing = self._find_sales_duplicates(
            {fname: {value} if value else set() for fname, value in normalized.items()}
        )[:1]
        now = fields.Datetime.now()
        consent = {}
        if basis:
            consent = {
                "consent_basis": basis,
                "consent_date": now,
                "consent_origin": "channel" if channel else "web_form",
                "consent_reference": ", ".join(
                    filter(None, [submission.reference, evidence.get("evidence_note")])
                ),
            }
        marketing = (
            {"marketing_consent": True, "marketing_consent_date": now}
            if evidence.get("marketing_consent")
            else {}
        )
        if existing:
            existing._add_form_submission(submission, values, consent, marketing)
            submission.write({"lead_id": existing.id, "is_duplicate": True})
            return existing, False
        lead = self.sudo().create(
            {
                "name": self._capture_lead_name(values, channel),
                "type": "lead",
                # unassigned: the sales team's lead to dispatch, never the
                # public user's or the channel's portal user's
                "user_id": False,
                "customer_type": values["customer_type"],
                "contact_name": values["contact_name"],
                "partner_name": values.get("company_name") or False,
                "vat": normalized["vat"],
                "phone": values["phone"],
                "email_from": email_normalize(values["email"]),
                "cups": normalized["cups"],
                "zip": values["zip"].strip(),
                "channel_id": channel.id if channel else False,
                # the language the person filled the form in, for our mails
                "lang_id": self.env["res.lang"]._lang_get(self.env.lang or "en_US").id,
                "company_id": (channel.company_id.id if channel else False)
                or self.env.company.id,
                **consent,
                **marketing,
                **(utm or {}),
            }
        )
        submission.lead_id = lead
        return lead, True

    @api.model
    def _capture_lead_name(self, values, channel):
        who = values.get("company_name") or values["contact_name"]
        if channel:
            return self.env._("%(channel)s: %(who)s", channel=channel.name, who=who)
        return self.env._("Web form: %(who)s", who=who)

    def _add_form_submission(self, submission, values, consent, marketing):
        """A new submission for an open lead: noted in its chatter, and the
        request or consent recorded when the lead had none. Nothing else of
        the lead changes (the form is anonymous: it may not overwrite data)."""
        self.ensure_one()
        lead = self.sudo()
        updates = {}
        if consent and not lead.consent_basis:
            updates.update(consent)
        if marketing and not lead.marketing_consent:
            updates.update(marketing)
        if updates:
            lead.write(updates)
        lines = Markup("<br/>").join(
            [
                self.env._(
                    "New form submission %(reference)s for this lead.",
                    reference=submission.reference,
                ),
                *(
                    f"{label}: {values.get(fname)}"
                    for fname, label in (
                        ("contact_name", self.env._("Name")),
                        ("phone", self.env._("Phone")),
                        ("email", self.env._("E-mail")),
                        ("cups", self.env._("CUPS")),
                    )
                    if values.get(fname)
                ),
            ]
        )
        lead.message_post(body=lines, subtype_xmlid="mail.mt_note")
