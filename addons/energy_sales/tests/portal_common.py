# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An offer made from the comparator, ready to be printed, accepted, mailed
and signed on the portal. No test here."""

from odoo.tests import Form

from .common import ComparatorCase


class OfferPortalCase(ComparatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env["res.partner"].search(
            [("is_energy_channel", "=", True)], limit=1
        )
        cls.campaign = cls.env["utm.campaign"].create({"name": "Spring web"})
        cls.utm_source = cls.env["utm.source"].create({"name": "Newsletter"})
        cls.utm_medium = cls.env["utm.medium"].create({"name": "E-mail"})

    def _offer(self):
        lead = self._filled_lead()
        lead.write(
            {
                "current_energy_price": 0.15,
                "current_power_price": 0.10,
                "power_p1_kw": 5.75,
                "power_p2_kw": 5.75,
                "channel_id": self.channel.id,
                "campaign_id": self.campaign.id,
                "source_id": self.utm_source.id,
                "medium_id": self.utm_medium.id,
                "partner_name": "Hogar Pérez",
                "contact_name": "Lucía Pérez Gómez",
                "email_from": "lucia.perez@example.es",
                "vat": "12345678Z",
                "user_id": self.agent.id,
            }
        )
        lead.with_user(self.agent).action_compare()
        line = lead.comparison_line_ids.filtered(
            lambda line: line.product_id == self.cheap
        )
        action = line.with_user(self.agent).action_make_offer()
        return self.env["energy.sales.offer"].browse(action["res_id"])

    def _send(self, offer):
        """Send by E-mail, as the agent does it: the composer with the
        template, then Send."""
        action = offer.with_user(self.agent).action_send_offer()
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.agent)
            .with_context(**action["context"])
        )
        composer.save().action_send_mail()
        return offer.message_ids[:1]
