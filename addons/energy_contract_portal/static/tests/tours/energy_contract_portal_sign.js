/** @odoo-module **/
/* Copyright 2026 Energy Suite Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

// The customer opens the request waiting for their signature, signs it with
// their typed name and lands back on the request, signed. Data: the Python test.
registry.category("web_tour.tours").add("energy_contract_portal_sign", {
    steps: () => [
        {
            content: "Open the signature dialog",
            trigger: ".o_energy_contract_sign_button",
            run: "click",
        },
        {
            content: "The signer's name is proposed",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Inmaculada Ferrer Soler)",
        },
        {
            content: "Choose a handwriting style",
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            content: "The fourth one",
            trigger: ".o-dropdown-item:eq(3)",
            run: "click",
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The request says it is signed",
            trigger: "#energy_contract_signed_info:contains(Inmaculada Ferrer Soler)",
        },
    ],
});
