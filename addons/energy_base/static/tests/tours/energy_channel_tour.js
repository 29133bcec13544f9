/** @odoo-module **/
// Copyright 2026 Energy Suite Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// An Energy manager sets up a sub-channel from Energy > Customers > Channels:
// its own address, and its parent channel in the Channel tab.
registry.category("web_tour.tours").add("energy_channel_setup_tour", {
    url: "/odoo/action-energy_base.res_partner_action_energy_channel",
    steps: () => [
        {
            content: "The list shows the channels",
            trigger: ".o_data_cell:contains('Agencia Castilla Energía')",
        },
        {
            content: "Create a channel",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Castilla Energía Burgos, S.L.",
        },
        {
            content: "Its own address",
            trigger: ".o_field_widget[name=street] input",
            run: "edit Calle de Vitoria, 7",
        },
        {
            content: "Open the Channel tab",
            trigger: ".o_notebook_headers a:contains('Channel')",
            run: "click",
        },
        {
            content: "Choose the parent channel",
            trigger: ".o_field_widget[name=parent_id] input",
            run: "edit Agencia Castilla",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Agencia Castilla Energía')",
            run: "click",
        },
        {
            content: "The address is still its own",
            trigger: ".o_field_widget[name=street] input:value(Calle de Vitoria, 7)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
