# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Contract Documents",
    "summary": "The documents each contract request needs, by rule: checklist, "
    "review, reminders and the documentation exit check",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_contract"],
    "data": [
        "security/ir.model.access.csv",
        "security/energy_contract_document_rules.xml",
        "data/energy_contract_document_data.xml",
        "data/energy_contract_phase_data.xml",
        "data/mail_template_document_data.xml",
        "views/energy_contract_document_views.xml",
        "views/energy_contract_document_report_views.xml",
        "wizards/energy_contract_document_wizard_views.xml",
    ],
}
