/** @odoo-module **/
/* Copyright 2026 Energy Suite Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

// The customer opens the payment plan collections proposed, accepts it in
// the confirmation dialog and lands back on the plan, accepted. Data: the
// demo `customer` login's proposed plan (Python test).
registry.category("web_tour.tours").add("energy_dunning_plan_portal_accept", {
    steps: () => [
        {
            content: "The plan lists its instalments",
            trigger: ".o_energy_plan_instalment",
        },
        {
            content: "Accept the payment plan",
            trigger: ".o_energy_plan_accept_button",
            run: "click",
        },
        {
            content: "Confirm in the dialog",
            trigger: ".modal.show .o_energy_plan_accept_confirm",
            run: "click",
        },
        {
            content: "The plan says it is accepted",
            trigger: ".o_energy_plan_accepted",
        },
    ],
});
