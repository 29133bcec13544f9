# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy",
    "summary": "Energy retail suite: the Energy app, roles, menus and settings",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["base_setup", "mail"],
    "data": [
        "security/energy_security.xml",
        "views/res_config_settings_views.xml",
        "views/energy_menus.xml",
    ],
    "demo": ["demo/res_users_demo.xml"],
    "application": True,
}
