/** @odoo-module **/
/* Copyright 2026 Energy Suite Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

// The customer reads their invoices with the supply point and the payment
// status, narrows the list to one supply point, then to what is pending.
// Data: the demo `customer` login (Python test).
registry.category("web_tour.tours").add("energy_customer_portal_invoices", {
    steps: () => [
        {
            content: "Each invoice says whether it is paid",
            trigger: ".o_energy_invoice_status",
        },
        {
            content: "The total pending payment is shown",
            trigger: ".o_energy_invoice_pending_amount",
        },
        {
            content: "Choose the first supply point",
            trigger: "#energy_supply_point",
            run: "selectByIndex 1",
        },
        {
            content: "Show its invoices",
            trigger: ".o_energy_invoice_point_apply",
            run: "click",
        },
        {
            content: "The list is narrowed to that supply point",
            trigger: "#energy_supply_point option:nth-child(2)[selected]:not(:visible)",
        },
        {
            content: "Open the filters",
            trigger: "#portal_searchbar_filters",
            run: "click",
        },
        {
            content: "Only what is pending payment",
            trigger: ".dropdown-menu.show a:contains('Pending payment')",
            run: "click",
        },
        {
            content: "Pending invoices only",
            trigger: ".o_energy_invoice_status[data-status='not_paid']",
        },
    ],
});
