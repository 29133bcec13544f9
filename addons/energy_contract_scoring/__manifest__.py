# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Contract Scoring",
    "summary": "Risk scoring of contract requests by rules or a credit bureau, "
    "with the validation exit check",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_contract"],
    "data": [
        "security/ir.model.access.csv",
        "security/energy_contract_scoring_rules.xml",
        "data/energy_contract_scoring_data.xml",
        "data/energy_contract_phase_data.xml",
        "views/energy_contract_scoring_views.xml",
    ],
}
