/** @odoo-module **/
/* Copyright 2026 Energy Suite Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

// The customer opens the mailed offer, accepts it with a typed signature and
// lands back on the offer, accepted. Data: the Python test.
registry.category("web_tour.tours").add("energy_sales_offer_sign", {
    steps: () => [
        {
            content: "The offer shows its savings",
            trigger: "#energy_offer_savings",
        },
        {
            content: "Open the acceptance dialog",
            trigger: ".o_energy_offer_accept_button",
            run: "click",
        },
        {
            content: "The signer's name is proposed",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Lucía Pérez Gómez)",
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
            // the chosen style is drawn once its font has loaded: signing
            // before that sends an empty signature (seen on a busy machine)
            content: "The signature is drawn",
            trigger: ".modal canvas.o_web_sign_signature",
            run: async function () {
                const canvas = this.anchor;
                const blank = document.createElement("canvas");
                blank.width = canvas.width;
                blank.height = canvas.height;
                for (let attempt = 0; attempt < 100; attempt++) {
                    if (canvas.toDataURL() !== blank.toDataURL()) {
                        await new Promise((resolve) => setTimeout(resolve, 200));
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                throw new Error("The signature was never drawn");
            },
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The offer says it is accepted",
            trigger: "#energy_offer_signed_info:contains(Lucía Pérez Gómez)",
        },
    ],
});
