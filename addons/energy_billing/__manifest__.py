# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Billing",
    "summary": "Consumption readings, the electricity bill engine and the billing "
    "runs that post the customers' invoices",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "energy_atr",
        "energy_pricing",
        "account",
        "l10n_es",
        "account_banking_sepa_direct_debit",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/energy_billing_rules.xml",
        "data/account_payment_term_data.xml",
        "data/energy_billing_cron.xml",
        "views/energy_billing_reading_views.xml",
        "views/energy_bill_views.xml",
        "views/energy_billing_run_views.xml",
        "views/energy_billing_return_views.xml",
        "views/account_move_views.xml",
        "views/energy_contract_views.xml",
        "views/energy_billing_reading_import_views.xml",
        "views/energy_billing_menus.xml",
        "report/energy_bill_report.xml",
    ],
    "demo": ["demo/energy_billing_demo.xml"],
    "post_init_hook": "post_init_hook",
}
