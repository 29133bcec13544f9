/** @odoo-module **/
// Copyright 2026 Energy Suite Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// A back-office user finds a supply point by typing its CUPS the way customers
// dictate it (lower case, spaces, with the suffix) and opens it.
registry.category("web_tour.tours").add("energy_supply_point_search_tour", {
    url: "/odoo/action-energy_base.energy_supply_point_action",
    steps: () => [
        {
            content: "Type the CUPS in lower case with spaces and suffix",
            trigger: "input.o_searchview_input",
            run: "edit es 0021 0000 4242 4242 aa 0f",
        },
        {
            content: "Search",
            trigger: "input.o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Only the matching supply point is listed",
            trigger:
                ".o_list_renderer:not(:has(.o_data_row:contains('ES 0022'))) .o_data_cell:contains('ES 0021 0000 4242 4242')",
            run: "click",
        },
        {
            content: "The form shows the distributor derived from the CUPS",
            trigger: ".o_field_widget[name=distributor_id] input:value(i-DE Redes)",
        },
        {
            content: "and the holder",
            trigger: ".o_field_widget[name=holder_id] input:value(Pilar Ortiz)",
        },
    ],
});
