# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Energy Pricing",
    "summary": "Retail electricity products with dated prices per period, "
    "electricity tax, VAT/IGIC/IPSI and meter rental settings",
    "version": "18.0.1.0.0",
    "category": "Energy",
    "author": "Energy Suite Contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["energy_base"],
    "data": [
        "security/ir.model.access.csv",
        "security/energy_pricing_rules.xml",
        "data/energy_tax_setting_data.xml",
        "data/energy_indirect_tax_data.xml",
        "views/energy_product_price_views.xml",
        "views/energy_product_views.xml",
        "views/energy_tax_setting_views.xml",
        "views/energy_indirect_tax_views.xml",
        "views/energy_pricing_menus.xml",
    ],
    "demo": ["demo/energy_product_demo.xml"],
}
