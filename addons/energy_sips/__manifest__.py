# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy SIPS",
    "summary": "Import CNMC SIPS files and look supply points up online (CNMC, P0)",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_base"],
    "external_dependencies": {"python": ["gestionatr", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/energy_sips_rules.xml",
        "data/ir_cron_data.xml",
        "wizards/energy_sips_import_wizard_views.xml",
        "wizards/energy_sips_lookup_wizard_views.xml",
        "views/energy_sips_import_views.xml",
        "views/energy_sips_provider_views.xml",
        "views/energy_supply_point_views.xml",
        "views/energy_sips_menus.xml",
    ],
    "demo": ["demo/energy_sips_demo.xml"],
}
