# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

OFFER_REPORT = "energy_sales.action_report_energy_sales_offer"
# Evidence of the customer's acceptance: written only by _accept_from_portal.
OFFER_SIGNATURE_FIELDS = (
    "signature",
    "signed_by",
    "signed_on",
    "signature_ip",
    "signature_user_agent",
    "signed_pdf_sha256",
    "signed_pdf_attachment_id",
)
USER_AGENT_MAX_LENGTH = 512


class EnergySalesOffer(models.Model):
    """The offer mailed to the customer with a link to the portal, where they
    read it, accept it and sign it (as a quotation is signed in sales). The
    signed offer is rendered once, kept with its SHA-256, and becomes a
    document of the contract request the acceptance creates."""

    _name = "energy.sales.offer"
    _inherit = ["energy.sales.offer", "portal.mixin", "energy.guard.mixin"]

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    state = fields.Selection(
        selection_add=[("sent", "Sent"), ("accepted",), ("expired", "Expired")],
        ondelete={"sent": "set default", "expired": "set default"},
    )
    signature = fields.Image(
        attachment=True, max_width=1024, max_height=1024, copy=False, readonly=True
    )
    signed_by = fields.Char(
        copy=False,
        readonly=True,
        tracking=True,
        help="Name of the person who accepted and signed, as they typed it.",
    )
    signed_on = fields.Datetime(copy=False, readonly=True, tracking=True)
    signature_ip = fields.Char(string="Signature IP Address", copy=False, readonly=True)
    signature_user_agent = fields.Char(
        string="Signature Browser", copy=False, readonly=True
    )
    signed_pdf_sha256 = fields.Char(
        string="Signed Offer SHA-256",
        copy=False,
        readonly=True,
        help="SHA-256 of the exact offer PDF the customer signed.",
    )
    signed_pdf_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Signed Offer",
        copy=False,
        readonly=True,
        ondelete="restrict",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for offer in self:
            offer.access_url = f"/my/offers/{offer.id}"
        return result

    @api.depends("validity_date", "state")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for offer in self:
            offer.is_expired = offer.state == "expired" or (
                offer.state in ("draft", "sent") and offer.validity_date < today
            )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model
    def _get_guarded_fields(self):
        return super()._get_guarded_fields() | set(OFFER_SIGNATURE_FIELDS)

    @api.model
    def _get_guard_error(self, fnames):
        if set(fnames) & set(OFFER_SIGNATURE_FIELDS):
            return self.env._(
                "The customer's signature of an offer is recorded only when they "
                "accept it on the portal."
            )
        return super()._get_guard_error(fnames)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_send_offer(self):
        """Open the e-mail composer with the offer template: the PDF attached
        and the link to accept and sign it on the portal."""
        self.ensure_one()
        error = self._sending_error()
        if error:
            raise UserError(error)
        lead = self.lead_id
        if not lead.partner_id:
            lead._handle_partner_assignment(create_missing=True)
        if lead.vat and not lead.partner_id.vat:
            lead.partner_id.sudo().vat = lead.vat
        template = self.env.ref("energy_sales.mail_template_energy_sales_offer")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_layout",
                "mark_offer_as_sent": True,
                "force_email": True,
            },
        }

    def action_preview_sales_offer(self):
        """Open the offer as the customer sees it on the portal."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": self.get_portal_url(),
        }

    def action_accept(self):
        """The request created by the acceptance starts with the documents of
        the sale (the signed offer, the lead's files)."""
        result = super().action_accept()
        for offer in self:
            offer.contract_id._add_sales_documents(offer)
        return result

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------

    def message_post(self, **kwargs):
        """Sending the offer from the composer marks a draft offer sent (only
        draft → sent: the flag cannot accept, reopen or revive an offer)."""
        if self.env.context.get("mark_offer_as_sent"):
            self.filtered(
                lambda offer: offer.state == "draft" and not offer.is_expired
            ).write({"state": "sent"})
        return super().message_post(**kwargs)

    def _get_report_lang(self):
        """The customer's language; Spanish when they have none (or the
        user's language where Spanish is not installed)."""
        self.ensure_one()
        active = self.env["res.lang"]._get_active_by("code")
        for code in (self.partner_id.lang, "es_ES"):
            if code and code in active:
                return code
        return self.env.lang or "en_US"

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _sending_error(self):
        self.ensure_one()
        if self.state not in ("draft", "sent") or self.is_expired:
            return self.env._(
                "%(offer)s cannot be sent: only an open offer still valid can.",
                offer=self.name,
            )
        if not (self.lead_id.email_from or self.lead_id.partner_id.email):
            return self.env._(
                "The lead %(lead)s has no e-mail address to send the offer to.",
                lead=self.lead_id.name,
            )
        return False

    def _portal_acceptance_error(self):
        """Why the customer cannot accept and sign this offer on the portal now
        (translated, for the page and the JSON answer), or False."""
        self.ensure_one()
        if self.state == "accepted":
            return self.env._(
                "Offer %(offer)s was already accepted on %(date)s.",
                offer=self.name,
                date=format_date(self.env, self.signed_on or self.write_date),
            )
        if self.state == "cancel":
            return self.env._(
                "Offer %(offer)s was withdrawn; ask us for a new one.",
                offer=self.name,
            )
        if self.is_expired:
            return self.env._(
                "Offer %(offer)s expired on %(date)s; ask us for a new one.",
                offer=self.name,
                date=format_date(self.env, self.validity_date),
            )
        return self._acceptance_error()

    def _accept_from_portal(
        self, signer_name, signature, ip_address=None, user_agent=None
    ):
        """The customer accepts and signs the offer on the portal. Trusted
        code (the portal controller, after checking access): records the
        signature, renders the offer once with it, keeps that PDF and its
        SHA-256, then accepts the offer, which creates the contract request;
        the signed offer and the lead's files become documents of the request.

        :return: the contract request
        """
        self.ensure_one()
        signer_name = (signer_name or "").strip()
        if not signer_name:
            raise UserError(self.env._("Enter the full name of the person signing."))
        self.env["energy.contract"]._check_signature_image(signature)
        self.env.cr.execute(
            "SELECT id FROM energy_sales_offer WHERE id = %s FOR UPDATE", [self.id]
        )
        self.invalidate_recordset(["state"])
        error = self._portal_acceptance_error()
        if error:
            raise UserError(error)
        self._write_guarded(
            {
                "signature": signature,
                "signed_by": signer_name,
                "signed_on": fields.Datetime.now(),
                "signature_ip": ip_address or False,
                "signature_user_agent": (user_agent or "")[:USER_AGENT_MAX_LENGTH]
                or False,
            }
        )
        pdf = (
            self.env["ir.actions.report"]
            .with_company(self.company_id)
            ._render_qweb_pdf(OFFER_REPORT, self.ids)[0]
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name.replace('/', '-')}-firmada.pdf",
                "raw": pdf,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self._write_guarded(
            {
                "signed_pdf_sha256": hashlib.sha256(pdf).hexdigest(),
                "signed_pdf_attachment_id": attachment.id,
            }
        )
        self.action_accept()
        self.message_post(
            body=self.env._(
                "Offer accepted and signed on the portal by %(signer)s from %(ip)s.",
                signer=signer_name,
                ip=ip_address or "?",
            ),
            attachment_ids=attachment.ids,
            author_id=(
                self.partner_id.id
                if self.env.user._is_public()
                else self.env.user.partner_id.id
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return self.contract_id

    @api.model
    def _cron_expire_offers(self):
        """Open offers past their validity date become expired."""
        today = fields.Date.context_today(self)
        self.search(
            [("state", "in", ("draft", "sent")), ("validity_date", "<", today)]
        ).write({"state": "expired"})
