# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Claims",
    "summary": "Customer claims as helpdesk tickets: the CNMC typology, the "
    "regulated answer deadline, who holds the claim, R1 claims to the "
    "distributor, a hash-chained history, the customer portal and a "
    "satisfaction survey",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_atr", "helpdesk_mgmt", "survey"],
    "external_dependencies": {"python": ["gestionatr", "holidays"]},
    "data": [
        "security/energy_claim_security.xml",
        "security/ir.model.access.csv",
        "security/energy_claim_rules.xml",
        "data/energy_claim_typology_data.xml",
        "data/energy_claim_portal_data.xml",
        "data/energy_claim_survey_data.xml",
        "data/energy_claim_cron.xml",
        "report/energy_claim_answer_report.xml",
        "data/mail_template_data.xml",
        "views/energy_claim_typology_views.xml",
        "views/energy_claim_hold_views.xml",
        "views/energy_claim_event_views.xml",
        "views/helpdesk_ticket_views.xml",
        "wizards/energy_claim_cnmc_report_views.xml",
        "views/energy_claim_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/energy_claim_demo.xml"],
}
