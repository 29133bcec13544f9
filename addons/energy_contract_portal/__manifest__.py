# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Contract Portal",
    "summary": "Customers and channels follow their contract requests on the "
    "portal; customers upload documents and sign there",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_contract_document", "energy_contract_signature"],
    "data": [
        "views/energy_contract_portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": ["energy_contract_portal/static/tests/tours/*.js"],
    },
}
