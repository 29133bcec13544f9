# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Dunning",
    "summary": "Collections on OCA credit control: a ladder per customer segment, "
    "formal notices with their proof of service, the law as guards of a cut "
    "request and the B1 cut through the switching addon",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_billing", "energy_claim", "account_credit_control"],
    "external_dependencies": {"python": ["holidays"]},
    "data": [
        "security/energy_dunning_security.xml",
        "security/ir.model.access.csv",
        "security/energy_dunning_rules.xml",
        "data/credit_control_policy_data.xml",
        "wizards/energy_dunning_serve_views.xml",
        "wizards/energy_dunning_cut_views.xml",
        "views/credit_control_policy_views.xml",
        "views/credit_control_line_views.xml",
        "views/energy_contract_views.xml",
        "views/energy_supply_point_views.xml",
        "views/energy_dunning_plan_views.xml",
        "views/energy_dunning_menus.xml",
        "security/energy_dunning_collect_rules.xml",
        "data/energy_dunning_cron.xml",
        "wizards/energy_dunning_terminate_views.xml",
        "views/energy_dunning_promise_views.xml",
        "views/energy_dunning_case_views.xml",
        "views/energy_contract_termination_views.xml",
    ],
    "demo": ["demo/energy_dunning_demo.xml"],
}
