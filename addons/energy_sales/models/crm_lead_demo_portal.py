# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import timedelta

from PIL import Image, ImageDraw
from stdnum.es import cups as stdnum_cups
from stdnum.es import dni as stdnum_dni

from odoo import api, fields, models

from odoo.addons.energy_base.tools.demo import demo_env

DEMO_MARKER = "demo-portal@example.es"


def _demo_dni(number):
    return f"{number}{stdnum_dni.calc_check_digit(number)}"


def _demo_signature():
    """A drawn signature, as the portal's signature pad sends it."""
    image = Image.new("RGBA", (360, 100), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.line(
        [(10, 70), (60, 20), (90, 75), (140, 30), (190, 70), (260, 35), (340, 60)],
        fill=(20, 20, 120, 255),
        width=4,
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model
    def _demo_generate_sales_portal(self):
        """Leads from the web form and the channel portal at every stage, and
        offers in every state: draft, sent (to the demo portal customer),
        accepted and signed with its contract request, expired, cancelled."""
        self = self.with_env(demo_env(self.env))
        if self.with_context(active_test=False).search_count(
            [("email_from", "=", DEMO_MARKER)]
        ):
            return
        agent = self.env["res.users"].search([("login", "=", "sales")], limit=1)
        channel_user = self.env["res.users"].search([("login", "=", "channel")])
        customer_user = self.env["res.users"].search([("login", "=", "customer")])
        levante = channel_user.partner_id.commercial_partner_id
        stages = self.env["crm.stage"].search(
            [("team_id", "=", False)], order="sequence, id"
        )
        won = stages.filtered("is_won")[:1]
        open_stages = stages - won
        points = self._demo_portal_points()
        if not agent or not levante or len(open_stages) < 3:
            return
        now = fields.Datetime.now()
        team = self.env["crm.team"].create(
            {"name": "Ventas web y canales", "company_id": self.env.company.id}
        )

        # Web form and channel portal, through the same path as the forms.
        web = {
            "origin": "web",
            "ip_address": "83.45.120.7",
            "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/133.0",
            "contact_request": True,
            "privacy_accepted": True,
        }
        web_lead, _created = self._capture_from_form(
            {
                "customer_type": "individual",
                "contact_name": "Carmen Ortega Ruiz",
                "vat": _demo_dni("48291736"),
                "phone": "+34 655 201 301",
                "email": DEMO_MARKER,
                "zip": "46004",
            },
            dict(web, marketing_consent=True),
            utm={
                "campaign_id": self.env["utm.mixin"]
                ._find_or_create_record("utm.campaign", "Ahorra en tu luz 2026")
                .id
            },
        )
        channel_lead, _created = self._capture_from_form(
            {
                "customer_type": "company",
                "contact_name": "Vicente Soler Martí",
                "company_name": "Talleres Soler SL",
                "vat": "B46103206",
                "phone": "+34 655 201 302",
                "email": "talleres.soler@example.es",
                "zip": "03002",
            },
            {
                "origin": "channel",
                "user_id": channel_user.id,
                "ip_address": "95.17.44.210",
                "consent_basis": "consent",
                "privacy_accepted": True,
                "evidence_note": "Hoja de consentimiento firmada n.º 1187",
            },
            channel=levante,
        )
        web_lead.write({"team_id": team.id, "stage_id": open_stages[0].id})
        channel_lead.write(
            {
                "type": "opportunity",
                "team_id": team.id,
                "stage_id": open_stages[1].id,
            }
        )

        # Opportunities with an offer each, compared with the bill engine.
        people = [
            ("Alicia Navarro Peña", "71234085", "655 201 303", "draft"),
            ("Tomás Ibáñez Roca", "50918273", "655 201 304", "sent"),
            ("Rosa Méndez Aguirre", "33475610", "655 201 305", "accepted"),
            ("Julián Vidal Sanz", "22817364", "655 201 306", "expired"),
            ("Pilar Crespo Lorenzo", "60429381", "655 201 307", "lost"),
        ]
        leads = self.create(
            [
                {
                    "name": f"Web: {name}",
                    "type": "opportunity",
                    "user_id": False,
                    "team_id": team.id,
                    "stage_id": open_stages[2].id,
                    "contact_name": name,
                    "vat": _demo_dni(dni),
                    "phone": f"+34 {phone}",
                    "email_from": DEMO_MARKER.replace(
                        "demo-portal", f"demo-portal-{i}"
                    ),
                    "cups": point.cups,
                    "zip": point.zip,
                    "consent_basis": "request",
                    "consent_date": now - timedelta(days=12 - i),
                    "consent_origin": "web_form",
                    "consent_reference": f"WEB-DEMO-{i:03d}",
                    "current_energy_price": 0.158,
                    "current_power_price": 0.112,
                    **self._prepare_sips_values(point),
                }
                for i, ((name, dni, phone, _state), point) in enumerate(
                    zip(people, points, strict=True), 1
                )
            ]
        )
        leads[1].partner_id = customer_user.partner_id
        offers = self.env["energy.sales.offer"]
        for lead in leads:
            lead.with_user(agent).action_compare()
            best = lead.comparison_line_ids.filtered(lambda line: not line.error)[:1]
            action = best.with_user(agent).action_make_offer()
            offers |= offers.browse(action["res_id"])
        draft, sent, accepted, expired, lost = offers
        sent.sudo()._portal_ensure_token()
        sent.sudo().write({"state": "sent"})
        accepted.with_user(agent).sudo()._accept_from_portal(
            "Rosa Méndez Aguirre",
            _demo_signature(),
            ip_address="88.12.201.54",
            user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Safari",
        )
        expired.write({"validity_date": fields.Date.today() - timedelta(days=3)})
        offers._cron_expire_offers()
        lost.action_cancel()
        lost_reason = self.env["crm.lost.reason"].search([], limit=1)
        lost.lead_id.action_set_lost(lost_reason_id=lost_reason.id)

    @api.model
    def _demo_portal_points(self):
        """Five households of Valencia and Alicante on 2.0TD (i-DE), with a
        year of consumption as SIPS gives it."""
        today = fields.Date.context_today(self)
        domestic = self.env["energy.supply.use"].search(
            [("is_domestic", "=", True)], limit=1
        )
        tariff = self.env.ref("energy_base.access_tariff_20td")
        addresses = [
            ("Calle de Cirilo Amorós, 12, 3º", "46004", "Valencia"),
            ("Avenida del Puerto, 88, 5º A", "46023", "Valencia"),
            ("Calle San Vicente, 21, 2º", "03004", "Alicante"),
            ("Calle Mayor, 7", "46900", "Torrent"),
            ("Avenida de Aragón, 30, 9º C", "46021", "Valencia"),
        ]
        values = []
        for n, (street, zip_code, city) in enumerate(addresses, 1):
            base = f"ES0021000077{n:06d}"
            values.append(
                {
                    "cups": base + stdnum_cups.calc_check_digits(base),
                    "access_tariff_id": tariff.id,
                    "power_p1_kw": 3.45 + n,
                    "power_p2_kw": 3.45 + n,
                    "supply_use_id": domestic.id,
                    "street": street,
                    "zip": zip_code,
                    "city": city,
                    "country_id": self.env.ref("base.es").id,
                    "meter_owner": "distributor",
                    "status": "prospect",
                    "sips_date": today,
                }
            )
        points = self.env["energy.supply.point"].create(values)
        self.env["energy.supply.point.consumption"].create(
            [
                {
                    "supply_point_id": point.id,
                    "source": "sips",
                    "date_start": today - timedelta(days=days_from),
                    "date_end": today - timedelta(days=days_to),
                    "kwh_p1": 420 + 40 * n,
                    "kwh_p2": 380 + 30 * n,
                    "kwh_p3": 610 + 50 * n,
                }
                for n, point in enumerate(points, 1)
                for days_from, days_to in ((365, 183), (182, 1))
            ]
        )
        return points
