/** @odoo-module **/
/* Copyright 2026 Energy Suite Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

// The customer goes from the portal home to their supplies, opens the first
// one, reads its consumption as a table and follows its request in progress.
// Data: the Python test (the first supply has readings and a request).
registry.category("web_tour.tours").add("energy_customer_portal_supply", {
    steps: () => [
        {
            content: "The My supply section shows the supplies card",
            trigger: "#portal_energy_category .o_portal_index_card:not(.d-none) a[href='/my/supplies']",
            run: "click",
        },
        {
            content: "Open the first supply point",
            trigger: "tr.o_energy_supply_row:first a.o_energy_supply_link",
            run: "click",
        },
        {
            content: "The supply page shows its consumption chart",
            trigger: "#energy_supply_consumption .o_energy_chart[role='img']",
        },
        {
            content: "Show the figures per month as a table",
            trigger: "summary.o_energy_consumption_summary",
            run: "click",
        },
        {
            content: "The table lists twelve months",
            trigger: "table.o_energy_consumption_months tbody tr.o_energy_consumption_month:eq(11) td.o_energy_kwh:visible",
        },
        {
            content: "Follow the request in progress",
            trigger: "a.o_energy_supply_request_link",
            run: "click",
        },
        {
            content: "The request's page opens",
            trigger: "#energy_contract_summary",
        },
    ],
});
