# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Customer Portal",
    "summary": "Customer self-service on the portal: supply points, contracts, "
    "consumption, invoices and the bank account, requests that enter the "
    "lifecycle, personal data and preferences",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "energy_contract_portal",
        "energy_dunning",
        "energy_sales",
    ],
    "external_dependencies": {"python": ["python-stdnum"]},
    "data": [
        "security/ir.model.access.csv",
        "views/portal_layout_templates.xml",
        "views/portal_supply_templates.xml",
        "views/portal_bank_templates.xml",
        "views/portal_request_templates.xml",
        "views/portal_profile_templates.xml",
        "views/profile_partner_views.xml",
        "views/account_move_views.xml",
        "data/energy_customer_portal_sign_data.xml",
        "data/energy_customer_portal_sign_params.xml",
        "data/mail_template_bank_data.xml",
        "data/energy_portal_bank_cron.xml",
        "views/energy_portal_bank_change_views.xml",
        "data/mail_template_request_data.xml",
    ],
    "demo": [
        "demo/energy_customer_portal_profile_demo.xml",
        "demo/energy_portal_bank_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": ["energy_customer_portal/static/src/scss/*.scss"],
        "web.assets_tests": ["energy_customer_portal/static/tests/tours/*.js"],
    },
}
