# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Contract Versions",
    "summary": "Dated versions of a contract's conditions, modifications and the "
    "holder change",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_contract"],
    "data": [
        "security/ir.model.access.csv",
        "security/energy_contract_version_rules.xml",
        "views/energy_contract_version_views.xml",
        "wizards/energy_contract_holder_change_views.xml",
    ],
}
