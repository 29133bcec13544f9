# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models

from odoo.addons.energy_base.tools.demo import demo_env


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model
    def _demo_generate_sales(self):
        """The demo telemarketing campaign (demo/energy_sales_demo.xml), made
        in Python so that its translatable names (team, campaign, lost reason)
        stay out of the translation templates."""
        self = self.with_env(demo_env(self.env))
        agent = self.env["res.users"].search([("login", "=", "sales")], limit=1)
        if not agent or self.search_count([("user_id", "=", agent.id)]):
            return
        team = self.env["crm.team"].create(
            {
                "name": "Telemarketing",
                "member_ids": [Command.link(agent.id)],
            }
        )
        campaign = self.env["utm.campaign"].create(
            {"name": "Telemarketing diciembre 2026"}
        )
        medium = self.env["utm.medium"].create({"name": "Teléfono"})
        reason = self.env["crm.lost.reason"].create(
            {"name": "Contento con su comercializadora"}
        )
        today = fields.Date.context_today(self)

        def day(delta, hour):
            return datetime.combine(today + timedelta(days=delta), time(hour))

        common = {
            "team_id": team.id,
            "user_id": agent.id,
            "campaign_id": campaign.id,
            "medium_id": medium.id,
        }
        navarro, ferrer, gil, _list = self.create(
            [
                dict(
                    common,
                    name="Hogar Navarro: cambio de comercializadora",
                    type="lead",
                    contact_name="Marta Navarro Ibáñez",
                    phone="+34 644 310 501",
                    email_from="marta.navarro@example.es",
                    cups="ES0031405500000101DN",
                    consent_basis="request",
                    consent_date=day(-3, 10),
                    consent_origin="web_form",
                    consent_reference="WEB-2026-00412",
                ),
                dict(
                    common,
                    name="Panadería Ferrer: ahorro en 3.0TD",
                    type="opportunity",
                    partner_name="Panadería Ferrer SL",
                    contact_name="Jordi Ferrer Pons",
                    phone="+34 644 310 502",
                    vat="B98765432",
                    cups="ES0031405500000102DJ",
                    customer_type="company",
                    consent_basis="consent",
                    consent_date=day(-10, 12),
                    consent_origin="phone",
                    consent_reference="GRAB-20261125-0931",
                    current_energy_price=0.165,
                    current_power_price=0.11,
                ),
                dict(
                    common,
                    name="Familia Gil",
                    type="lead",
                    contact_name="Andrés Gil Cano",
                    phone="+34 644 310 503",
                    cups="ES0031405500000103DZ",
                    consent_basis="consent",
                    consent_date=day(-20, 9),
                    consent_origin="written",
                    consent_reference="DOC-3321",
                ),
                dict(
                    common,
                    name="Lista comprada: Rosa Campos",
                    type="lead",
                    contact_name="Rosa Campos Lara",
                    phone="+34 644 310 504",
                ),
            ]
        )
        call = {"user_id": agent.id, "team_id": team.id, "direction": "out"}
        self.env["crm.phonecall"].create(
            [
                dict(
                    call,
                    name="Llamada: Hogar Navarro",
                    opportunity_id=navarro.id,
                    partner_phone=navarro.phone,
                    state="done",
                    outcome="call_back",
                    date_call_back=day(1, 16),
                ),
                dict(
                    call,
                    name="Llamada: Panadería Ferrer",
                    opportunity_id=ferrer.id,
                    partner_phone=ferrer.phone,
                    state="done",
                    outcome="interested",
                ),
                dict(
                    call,
                    name="Llamada: Familia Gil",
                    opportunity_id=gil.id,
                    partner_phone=gil.phone,
                    state="done",
                    outcome="not_interested",
                    lost_reason_id=reason.id,
                ),
            ]
        )
