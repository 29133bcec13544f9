# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime
from odoo.tools.image import image_process

from odoo.addons.energy_contract.models.lifecycle import FORWARD_PATH

CONTRACT_REPORT = "energy_contract.action_report_energy_contract"
# Evidence of a signature: written only by the signing methods below.
SIGNATURE_EVIDENCE_FIELDS = (
    "signature",
    "signed_by",
    "signature_method",
    "signature_ip",
    "signature_user_agent",
    "signed_pdf_sha256",
    "signed_pdf_attachment_id",
)
# Phases a signed request may go back to; the conditions can change there, so
# the signature no longer holds and the customer signs again.
RESIGN_STATES = FORWARD_PATH[: FORWARD_PATH.index("signature")]
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024
USER_AGENT_MAX_LENGTH = 512


class EnergyContract(models.Model):
    """Customer signature of a request: drawn or typed on the portal (as a
    quotation is signed in sales), or recorded by the back-office from a
    document signed elsewhere. Either way the request keeps the exact file
    signed, its SHA-256, who signed, when and from where, and the history gets
    a "signature" event with that file as evidence."""

    _inherit = "energy.contract"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    signature = fields.Image(
        attachment=True, max_width=1024, max_height=1024, copy=False, readonly=True
    )
    signed_by = fields.Char(
        copy=False,
        readonly=True,
        tracking=True,
        help="Name of the person who signed, as they typed it.",
    )
    signature_method = fields.Selection(
        [("portal", "Customer portal"), ("recorded", "Recorded by the back-office")],
        copy=False,
        readonly=True,
        help="Portal: the customer signed the contract on our portal. Recorded: "
        "the customer signed elsewhere (on paper, at a shop) and the back-office "
        "uploaded the signed document.",
    )
    signature_ip = fields.Char(
        string="Signature IP Address",
        copy=False,
        readonly=True,
        help="Address the portal signature came from.",
    )
    signature_user_agent = fields.Char(
        string="Signature Browser",
        copy=False,
        readonly=True,
        help="User agent of the browser the customer signed with on the portal.",
    )
    signed_pdf_sha256 = fields.Char(
        string="Signed Document SHA-256",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="SHA-256 of the exact file the customer signed; recompute it on the "
        "stored document to prove it was not altered.",
    )
    signed_pdf_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Signed Document",
        copy=False,
        readonly=True,
        ondelete="restrict",
    )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model
    def _get_guarded_fields(self):
        """The signature's evidence, written only by the signing methods."""
        return super()._get_guarded_fields() | set(SIGNATURE_EVIDENCE_FIELDS)

    @api.model
    def _get_guard_error(self, fnames):
        if set(fnames) & {*SIGNATURE_EVIDENCE_FIELDS, "date_signed"}:
            return self.env._(
                "The signature of a request is recorded only by signing it on "
                "the portal or with Record Signature."
            )
        return super()._get_guard_error(fnames)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_preview_portal(self):
        """Open the request as the customer sees it on the portal."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": self.get_portal_url(),
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _has_to_be_signed(self):
        """Whether the customer is expected to sign this request now."""
        self.ensure_one()
        return self.state == "signature" and not self.date_signed

    def _get_signature_error(self):
        """A translated reason why this request cannot be signed now, or False."""
        self.ensure_one()
        if self.date_signed:
            return self.env._(
                "%(name)s was already signed on %(date)s by %(signer)s.",
                name=self.name,
                date=format_datetime(self.env, self.date_signed),
                signer=self.signed_by or self.partner_id.display_name,
            )
        if self.state != "signature":
            labels = dict(self._fields["state"]._description_selection(self.env))
            return self.env._(
                "%(name)s cannot be signed now: it is in the %(state)s phase, and "
                "only requests waiting for the customer's signature can be signed.",
                name=self.name,
                state=labels[self.state],
            )
        return False

    def _sign_from_portal(
        self, signer_name, signature, ip_address=None, user_agent=None
    ):
        """The customer signs on the portal: store the signature, render the
        contract once with it, keep that PDF and its SHA-256 as evidence.

        :param signer_name: name the signer typed
        :param signature: base64 PNG of the drawn or typed signature
        :return: the ir.attachment of the signed PDF
        """
        self.ensure_one()
        signer_name = (signer_name or "").strip()
        if not signer_name:
            raise UserError(self.env._("Enter the full name of the person signing."))
        self._check_signature_image(signature)
        return self._record_signature(
            {
                "signature": signature,
                "signed_by": signer_name,
                "date_signed": fields.Datetime.now(),
                "signature_method": "portal",
                "signature_ip": ip_address or False,
                "signature_user_agent": (user_agent or "")[:USER_AGENT_MAX_LENGTH]
                or False,
            },
            reason=self.env._(
                "Signed on the portal by %(signer)s from %(ip)s.",
                signer=signer_name,
                ip=ip_address or "?",
            ),
        )

    def _record_signature(self, values, document=None, filename=None, reason=None):
        """Record a signature and its evidence, or refuse it changing nothing.

        :param values: signature fields to write (signed_by, date_signed...)
        :param document: bytes of the signed file; when None the contract is
            rendered once, after writing `values`, and that PDF is the evidence
        :return: the ir.attachment holding the signed document
        """
        self.ensure_one()
        self._lock_for_update()
        self.invalidate_recordset(["state", "date_signed", "signed_by"])
        error = self._get_signature_error()
        if error:
            raise UserError(error)
        self._write_guarded(values)
        if document is None:
            document = self._render_contract_pdf()
            filename = f"{self.name.replace('/', '-')}.pdf"
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename or f"{self.name.replace('/', '-')}-signed",
                "raw": document,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        digest = hashlib.sha256(document).hexdigest()
        self._write_guarded(
            {"signed_pdf_sha256": digest, "signed_pdf_attachment_id": attachment.id}
        )
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": self.id,
                    "event_type": "signature",
                    "new_value": digest,
                    "reason": reason,
                    "attachment_ids": attachment.ids,
                }
            ]
        )
        self.action_set_blocking_party("us", reason)
        self.message_post(
            body=self.env._("Contract signed by %(signer)s.", signer=self.signed_by),
            attachment_ids=attachment.ids,
            author_id=(
                self.partner_id.id
                if self.env.user._is_public()
                else self.env.user.partner_id.id
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return attachment

    def _render_contract_pdf(self):
        """The contract of this request as PDF bytes, rendered now."""
        self.ensure_one()
        pdf, _report_type = (
            self.env["ir.actions.report"]
            .with_company(self.company_id)
            ._render_qweb_pdf(CONTRACT_REPORT, self.ids)
        )
        return pdf

    def _check_signature_image(self, signature):
        """Refuse a missing, oversized or undecodable signature image."""
        if not signature:
            raise UserError(self.env._("Draw or type your signature before signing."))
        try:
            raw = base64.b64decode(signature, validate=True)
            if len(raw) > MAX_SIGNATURE_BYTES:
                raise ValueError("signature too large")
            image_process(raw, verify_resolution=True)
        except (binascii.Error, ValueError, UserError) as error:
            raise UserError(
                self.env._("The signature could not be read; please sign again.")
            ) from error

    def _enter_phase(self, now):
        result = super()._enter_phase(now)
        self.filtered(
            lambda c: c.signed_pdf_sha256 and c.state in RESIGN_STATES
        )._void_signature()
        return result

    def _void_signature(self):
        """A signed request went back to a phase where its conditions can
        change: the signature no longer holds. The history keeps the signed
        document; the request waits for a new signature."""
        if not self:
            return
        self.env["energy.contract.event"]._log(
            [
                {
                    "contract_id": contract.id,
                    "event_type": "signature",
                    "old_value": contract.signed_pdf_sha256,
                    "reason": self.env._(
                        "Signature voided: the request went back to an earlier phase."
                    ),
                }
                for contract in self
            ]
        )
        self._write_guarded(
            {
                "date_signed": False,
                **dict.fromkeys(SIGNATURE_EVIDENCE_FIELDS, False),
            }
        )
