# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

ACCEPTED_MIMETYPES = ("application/pdf", "image/jpeg", "image/png", "image/tiff")


class EnergyContractSignatureWizard(models.TransientModel):
    """Records a signature made outside the portal (on paper, at a shop, with
    another signing service): the back-office uploads the signed document and
    says who signed and when. The request keeps that file and its SHA-256 as
    evidence, exactly as for a portal signature."""

    _name = "energy.contract.signature.wizard"
    _description = "Record a Contract Signature"

    contract_id = fields.Many2one(
        "energy.contract",
        string="Request",
        required=True,
        readonly=True,
        default=lambda self: self.env.context.get("active_id"),
    )
    signed_by = fields.Char(
        required=True,
        help="Full name of the person who signed, as it appears on the document.",
    )
    date_signed = fields.Datetime(
        string="Signed On", required=True, default=fields.Datetime.now
    )
    document = fields.Binary(
        string="Signed Document",
        required=True,
        attachment=False,
        help="The signed contract, as a PDF or a scan or photo of the paper.",
    )
    document_name = fields.Char(string="File Name")
    note = fields.Text(help="Where and how it was signed, e.g. on paper at our office.")

    @api.onchange("contract_id")
    def _onchange_contract_id(self):
        if self.contract_id and not self.signed_by:
            self.signed_by = self.contract_id.partner_id.name

    def action_confirm(self):
        self.ensure_one()
        contract = self.contract_id
        signer = (self.signed_by or "").strip()
        if not signer:
            raise UserError(self.env._("Enter the full name of the person who signed."))
        if self.date_signed > fields.Datetime.now():
            raise UserError(self.env._("The signature date cannot be in the future."))
        document = base64.b64decode(self.document or b"")
        if guess_mimetype(document) not in ACCEPTED_MIMETYPES:
            raise UserError(
                self.env._(
                    "Upload the signed document as a PDF or as an image (a scan or a "
                    "photo of the paper)."
                )
            )
        reason = self.env._(
            "Signature made elsewhere, recorded by %(user)s.",
            user=self.env.user.name,
        )
        if self.note:
            reason = f"{reason}\n{self.note}"
        contract._record_signature(
            {
                "signed_by": signer,
                "date_signed": self.date_signed,
                "signature_method": "recorded",
            },
            document=document,
            filename=self.document_name or f"{contract.name.replace('/', '-')}-signed",
            reason=reason,
        )
        return {"type": "ir.actions.act_window_close"}
