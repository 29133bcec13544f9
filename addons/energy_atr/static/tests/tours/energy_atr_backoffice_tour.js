/** @odoo-module **/
// Copyright 2026 Energy Suite Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// A back-office user works the switching inbox: dismisses the file that
// matched no case, sends the R1 claim the watchdog drafted, then looks at
// the distributors' acceptance rates.
registry.category("web_tour.tours").add("energy_atr_backoffice_tour", {
    url: "/odoo/action-energy_atr.energy_atr_message_action_inbox",
    steps: () => [
        {
            content: "The inbox groups the files by reason: open the unmatched ones",
            trigger: ".o_list_view .o_group_header:contains('No matching case')",
            run: "click",
        },
        {
            content: "Open the file that matched no case",
            trigger: ".o_list_view .o_data_row td[name='error']:contains('request code')",
            run: "click",
        },
        {
            content: "The form says why",
            trigger: ".o_form_view .o_field_widget[name='error']:contains('request code')",
        },
        {
            content: "Dismiss it",
            trigger: ".o_form_view .o_form_statusbar button[name='action_dismiss']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The message is kept as dismissed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Dismissed')",
        },
        {
            content: "Open the Switching menu",
            trigger: ".o_menu_sections button:contains('Operations')",
            run: "click",
        },
        {
            content: "Open Claims to Send",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Claims to Send')",
            run: "click",
        },
        {
            content: "Open the claim drafted by the watchdog",
            trigger: ".o_list_view .o_data_row:first td.o_data_cell",
            run: "click",
        },
        {
            content: "Send it",
            trigger: ".o_form_view .o_form_statusbar button[name='action_send_claim']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The claim is open with the distributor",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Open')",
        },
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections button:contains('Reporting')",
            run: "click",
        },
        {
            content: "Open Requests and Rates",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Requests and Rates')",
            run: "click",
        },
        {
            content: "The report shows figures",
            trigger: ".o_pivot tbody tr:first-child td.o_pivot_cell_value:not(:empty), .o_graph_renderer canvas, .o_list_view .o_data_row",
        },
    ],
});
