# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Contract Requests",
    "summary": "One traceable lifecycle per contract request, with phase owners, "
    "deadlines and who holds the ball",
    "version": "18.0.2.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_base", "energy_pricing", "portal", "resource"],
    "external_dependencies": {"python": ["python-stdnum"]},
    "data": [
        "security/ir.model.access.csv",
        "security/energy_contract_rules.xml",
        "data/energy_contract_data.xml",
        "data/energy_contract_phase_data.xml",
        "views/energy_contract_views.xml",
        "views/energy_contract_phase_views.xml",
        "security/energy_contract_report_rules.xml",
        "views/energy_contract_report_views.xml",
        "report/energy_contract_report.xml",
        "report/energy_contract_report_templates.xml",
        "views/res_config_settings_views.xml",
        "report/energy_contract_summary_report.xml",
        "views/energy_contract_exception_views.xml",
        "data/energy_contract_renewal_data.xml",
        "views/energy_contract_renewal_views.xml",
        "views/energy_contract_related_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["energy_contract/static/tests/tours/*.js"],
    },
    "demo": ["demo/energy_contract_demo.xml"],
}
