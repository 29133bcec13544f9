# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Channel Commissions",
    "summary": "Channel status and manager, dated commission plans, lines earned "
    "on ATR activation after the withdrawal window, clawback, monthly "
    "settlements invoiced as self-billing vendor bills",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "energy_atr",
        "energy_claim",
        "energy_contract_portal",
        "energy_sips",
        "l10n_es",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/energy_commission_rules.xml",
        "data/energy_commission_cron.xml",
        "views/energy_commission_plan_views.xml",
        "views/energy_commission_line_views.xml",
        "views/energy_commission_settlement_views.xml",
        "views/energy_commission_dispute_views.xml",
        "views/energy_commission_scorecard_views.xml",
        "views/res_partner_views.xml",
        "wizards/energy_commission_settle_wizard_views.xml",
        "wizards/energy_commission_dispute_answer_wizard_views.xml",
        "views/energy_commission_menus.xml",
        "views/energy_commission_portal_templates.xml",
        "report/energy_commission_settlement_report.xml",
    ],
    "demo": ["demo/energy_commission_demo.xml"],
    "assets": {
        "web.assets_tests": ["energy_commission/static/tests/tours/*.js"],
    },
}
