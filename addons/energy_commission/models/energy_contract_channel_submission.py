# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from stdnum.es import nif as stdnum_nif

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.energy_base.models.energy_supply_point import normalize_cups

# What a channel may request from the portal: supplies brought to us.
PORTAL_REQUEST_TYPES = ("switch", "switch_changes", "new_supply")
MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


class EnergyContract(models.Model):
    """A channel submits a new contract request from the portal: the customer
    found or created by NIF, the supply point from our data or a SIPS
    look-up, the request entering Documentation with the files attached."""

    _inherit = "energy.contract"

    @api.model
    def _channel_submission_errors(self, values):
        """{field: translated reason} for a portal submission's values."""
        errors = {}
        if not (values.get("customer_name") or "").strip():
            errors["customer_name"] = self.env._("The customer's name is missing.")
        if not stdnum_nif.is_valid(values.get("customer_vat") or ""):
            errors["customer_vat"] = self.env._(
                "%(vat)s is not a valid Spanish NIF, NIE or CIF.",
                vat=values.get("customer_vat") or "",
            )
        cups_error = self.env["energy.supply.point"]._cups_error(values.get("cups"))
        if cups_error:
            errors["cups"] = cups_error
        if values.get("request_type") not in PORTAL_REQUEST_TYPES:
            errors["request_type"] = self.env._("Choose the type of request.")
        for upload in values.get("files") or []:
            name = (upload.filename or "").lower()
            if not name.endswith(FILE_TYPES) or len(upload.content) > MAX_FILE_BYTES:
                errors["files"] = self.env._(
                    "%(file)s: only PDF, JPG or PNG files up to 10 MB.",
                    file=upload.filename,
                )
        return errors

    @api.model
    def _create_from_channel_portal(self, channel, values):
        """Trusted (the portal controller, after checking that the user belongs
        to `channel`): the request sold by `channel`, whatever the form says,
        in Documentation. Raises UserError with every reason, creating
        nothing."""
        errors = self._channel_submission_errors(values)
        product = self._channel_submission_product(values.get("product_id"))
        if values.get("product_id") and not product:
            errors["product_id"] = self.env._("Choose one of the offered products.")
        if errors:
            raise UserError("\n".join(errors.values()))
        customer = self._channel_submission_customer(values)
        point = self._channel_submission_point(values, customer)
        if product and product.access_tariff_id != point.access_tariff_id:
            raise UserError(
                self.env._(
                    "Product %(product)s is for %(tariff)s; the supply point has "
                    "%(point_tariff)s.",
                    product=product.name,
                    tariff=product.access_tariff_id.name,
                    point_tariff=point.access_tariff_id.name or "-",
                )
            )
        contract = self.create(
            {
                "partner_id": customer.id,
                "supply_point_id": point.id,
                "request_type": values["request_type"],
                "channel_id": channel.id,
                "product_id": product.id,
                "company_id": channel.company_id.id or self.env.company.id,
            }
        )
        contract.action_request_documents()
        self.env["ir.attachment"].create(
            [
                {
                    "name": upload.filename,
                    "datas": base64.b64encode(upload.content),
                    "res_model": self._name,
                    "res_id": contract.id,
                }
                for upload in values.get("files") or []
            ]
        )
        contract.message_post(
            body=self.env._(
                "Submitted by %(channel)s through the channel portal.",
                channel=channel.name,
            ),
            author_id=self.env.user.partner_id.id,
        )
        return contract

    @api.model
    def _channel_submission_product(self, product_id):
        if not product_id or not str(product_id).isdigit():
            return self.env["energy.product"]
        return self.env["energy.product"].search(
            [
                ("id", "=", int(product_id)),
                ("company_id", "in", [self.env.company.id, False]),
            ]
        )

    @api.model
    def _channel_submission_customer(self, values):
        vat = "ES" + stdnum_nif.compact(values["customer_vat"])
        Partner = self.env["res.partner"]
        customer = Partner.search([("vat", "=", vat)], limit=1)
        if customer:
            return customer
        return Partner.create(
            {
                "name": values["customer_name"].strip(),
                "vat": vat,
                # a CIF (company) starts with a letter other than X, Y, Z, K, L, M
                "is_company": vat[2] not in "0123456789XYZKLM",
                "email": (values.get("customer_email") or "").strip() or False,
                "phone": (values.get("customer_phone") or "").strip() or False,
            }
        )

    @api.model
    def _channel_submission_point(self, values, customer):
        """Ours if we know it, else SIPS (the company's provider), else a
        prospect with what the channel typed."""
        cups = normalize_cups(values["cups"])[:20]
        Point = self.env["energy.supply.point"]
        point = Point.search([("cups", "=", cups)], limit=1)
        if not point:
            provider = self.env["energy.sips.provider"]._get_default()
            results = provider.lookup([cups])
            if any(result["found"] for result in results) and provider.id:
                provider._apply_lookup_results(results)
                point = Point.search([("cups", "=", cups)], limit=1)
        if not point:
            tariff = self.env["energy.access.tariff"].search(
                [("name", "=", values.get("tariff") or "")], limit=1
            )
            if not tariff:
                raise UserError(
                    self.env._(
                        "SIPS does not know the CUPS %(cups)s: choose its access "
                        "tariff.",
                        cups=cups,
                    )
                )
            point = Point.create(
                {"cups": cups, "access_tariff_id": tariff.id, "holder_id": customer.id}
            )
        return point
