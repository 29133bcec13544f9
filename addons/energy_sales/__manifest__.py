# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Sales",
    "summary": "Leads with CUPS and call consent on Odoo CRM, telemarketing call "
    "outcomes under RD 88/2026, SIPS fill-in, savings comparator, offers and "
    "conversion into contract requests",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["crm", "crm_phonecall", "energy_billing", "energy_commission"],
    "data": [
        "security/energy_sales_security.xml",
        "data/ir_sequence_data.xml",
        "security/ir.model.access.csv",
        "security/energy_sales_rules.xml",
        "wizards/energy_sales_call_wizard_views.xml",
        "wizards/energy_sales_lead_import_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_phonecall_views.xml",
        "views/energy_sales_comparison_views.xml",
        "views/energy_sales_offer_views.xml",
        "views/energy_contract_views.xml",
        "report/energy_sales_offer_report.xml",
        "security/energy_sales_report_rules.xml",
        "wizards/energy_sales_queue_distribute_views.xml",
        "views/crm_lead_queue_views.xml",
        "views/crm_lead_bill_views.xml",
        "report/energy_sales_report_views.xml",
        "data/ir_cron_data.xml",
    ],
    "demo": ["demo/energy_sales_demo.xml"],
}
