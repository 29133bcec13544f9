# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CrmLead(models.Model):
    """The request of a lead captured by a form, or accepted by the customer
    on the portal, says so."""

    _inherit = "crm.lead"

    def _prepare_contract_values(self, offer):
        values = super()._prepare_contract_values(offer)
        origins = set(self.sudo().submission_ids.mapped("origin"))
        if not self.phonecall_ids:
            if "channel" in origins:
                values["source"] = "channel_portal"
            elif "web" in origins:
                values["source"] = "web"
        if not self.user_id and self.env.user.share:
            # accepted on the portal: the agent who made the offer follows the
            # request, never the customer's portal (or public) user
            values["user_id"] = offer.create_uid.id
        return values
