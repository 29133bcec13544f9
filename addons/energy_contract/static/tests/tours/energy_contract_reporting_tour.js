/** @odoo-module **/
// Copyright 2026 Energy Suite Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// A back-office user looks at the pipeline by phase, keeps the overdue
// requests only, then opens the time-to-activation report with its P90.
registry.category("web_tour.tours").add("energy_contract_reporting_tour", {
    url: "/odoo/action-energy_contract.energy_contract_action",
    steps: () => [
        {
            content: "The kanban shows a column per phase",
            trigger: ".o_kanban_group .o_column_title:contains('Documentation')",
        },
        {
            content: "Some cards are coloured as overdue",
            trigger: ".o_kanban_record .badge.text-bg-danger:contains('Overdue')",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep the overdue requests",
            trigger: ".o_filter_menu .o_menu_item:contains('Overdue')",
            run: "click",
        },
        {
            content: "Only overdue cards are left",
            trigger: ".o_facet_value:contains('Overdue')",
        },
        {
            content: "No card on time or due soon remains",
            trigger:
                ".o_kanban_renderer:not(:has(.o_kanban_record .badge:contains('On time'))):not(:has(.o_kanban_record .badge:contains('Due soon'))) .o_kanban_record .badge:contains('Overdue')",
        },
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections button:contains('Reporting')",
            run: "click",
        },
        {
            content: "Open Time to Activation",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Time to Activation')",
            run: "click",
        },
        {
            content: "The pivot shows the P90 measure with figures",
            trigger: ".o_pivot th:contains('Days to Activation (P90)')",
        },
        {
            content: "and a total row with a value",
            trigger: ".o_pivot tbody tr:first-child td.o_pivot_cell_value:not(:empty)",
        },
    ],
});
