# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, models


class EnergyContract(models.Model):
    """A request born from an offer starts with the documents of the sale:
    the offer the customer signed and the files kept on the lead (consent,
    bill, identity document sent by the channel)."""

    _inherit = "energy.contract"

    def _add_sales_documents(self, offer):
        """Trusted code (the offer's acceptance): copy the signed offer and the
        lead's files to the request as received documents; each one is an
        event of the request's history with its files as evidence, and the
        portal signature is a note of that history with its SHA-256."""
        self.ensure_one()
        contract = self.sudo()
        Attachment = self.env["ir.attachment"].sudo()
        target = {"res_model": contract._name, "res_id": contract.id}
        lines = []
        if offer.signed_pdf_attachment_id:
            lines.append(
                (
                    "energy_sales.document_type_signed_offer",
                    offer.signed_pdf_attachment_id.sudo().copy(target),
                )
            )
        lead_files = Attachment.search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", offer.lead_id.id)]
        )
        if lead_files:
            lines.append(
                ("energy_sales.document_type_sales_lead_files", lead_files.copy(target))
            )
        documents = (
            self.env["energy.contract.document"]
            .sudo()
            .create(
                [
                    {
                        "contract_id": contract.id,
                        "document_type_id": self.env.ref(xmlid).id,
                        "attachment_ids": [Command.set(files.ids)],
                    }
                    for xmlid, files in lines
                ]
            )
        )
        if documents:
            documents.action_receive()
        if offer.signed_pdf_sha256:
            self.env["energy.contract.event"]._log(
                [
                    {
                        "contract_id": contract.id,
                        "event_type": "note",
                        "field_name": "offer_signature",
                        "new_value": offer.signed_pdf_sha256,
                        "reason": self.env._(
                            "Offer %(offer)s accepted and signed on the portal by "
                            "%(signer)s from %(ip)s.",
                            offer=offer.name,
                            signer=offer.signed_by,
                            ip=offer.signature_ip or "?",
                        ),
                        "attachment_ids": documents[:1].attachment_ids.ids,
                    }
                ]
            )
        return documents
