# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Contract Signature",
    "summary": "The customer signs the contract: on the portal, on paper or by "
    "a provider, with its evidence sealed in the history",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_contract"],
    "data": [
        "security/ir.model.access.csv",
        "wizards/energy_contract_signature_wizard_views.xml",
        "views/energy_contract_signature_views.xml",
        "report/energy_contract_report_templates.xml",
    ],
}
