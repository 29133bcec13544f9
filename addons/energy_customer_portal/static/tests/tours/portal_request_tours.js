/** @odoo-module **/
/* Copyright 2026 Energy Suite Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

// The customer files requests from the page of their active contract, as
// they would click them. Data: the demo `customer` login, and a consumer
// within 14 days of signing for the withdrawal (see test_portal_requests.py).

const filed = [
    {
        content: "Back on the contract: the request is confirmed",
        trigger: ".o_energy_request_filed",
    },
    {
        content: "and listed among the requests in progress",
        trigger: ".o_energy_pending_request",
    },
];

registry.category("web_tour.tours").add("energy_customer_portal_request_power", {
    steps: () => [
        {
            content: "Open the power change form",
            trigger: "#energy_contract_actions .o_energy_request_power",
            run: "click",
        },
        {
            content: "The current powers are shown",
            trigger: ".o_energy_current_powers",
        },
        {
            content: "New power in P1",
            trigger: "#energy_request_power_p1_kw",
            run: "edit 10.392",
        },
        {
            content: "New power in P2",
            trigger: "#energy_request_power_p2_kw",
            run: "edit 10.392",
        },
        {
            content: "Send",
            trigger: ".o_energy_request_power_form .o_energy_request_submit",
            run: "click",
        },
        ...filed,
    ],
});

registry.category("web_tour.tours").add("energy_customer_portal_request_holder", {
    steps: () => [
        {
            content: "Open the holder change form",
            trigger: "#energy_contract_actions .o_energy_request_holder",
            run: "click",
        },
        {
            content: "Name of the new holder",
            trigger: "#energy_request_holder_name",
            run: "edit Lucía Gómez Pardo",
        },
        {
            content: "Their DNI",
            trigger: "#energy_request_holder_vat",
            run: "edit 48151623L",
        },
        {
            content: "Their e-mail",
            trigger: "#energy_request_holder_email",
            run: "edit lucia.gomez@example.es",
        },
        {
            content: "Attach the scanned DNI",
            trigger: "#energy_request_documents",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File(["%PDF-1.4\n%%EOF\n"], "dni-lucia.pdf", {
                        type: "application/pdf",
                    })
                );
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "Send",
            trigger: ".o_energy_request_holder_form .o_energy_request_submit",
            run: "click",
        },
        ...filed,
    ],
});

registry.category("web_tour.tours").add("energy_customer_portal_request_termination", {
    steps: () => [
        {
            content: "Open the termination form",
            trigger: "#energy_contract_actions .o_energy_request_termination",
            run: "click",
        },
        {
            content: "Choose the reason",
            trigger: "#energy_request_termination_reason",
            run: "select customer_request",
        },
        {
            content: "Request the termination",
            trigger: ".o_energy_request_termination_form .o_energy_request_submit",
            run: "click",
        },
        ...filed,
    ],
});

registry.category("web_tour.tours").add("energy_customer_portal_request_withdrawal", {
    steps: () => [
        {
            content: "Withdraw: one click",
            trigger: "#energy_contract_actions .o_energy_request_withdrawal",
            run: "click",
        },
        {
            content: "Confirm in the dialog",
            trigger: ".modal.show .o_energy_request_withdrawal_confirm",
            run: "click",
        },
        ...filed,
        {
            content: "The withdrawal can no longer be offered",
            trigger: "#energy_contract_actions:not(:has(.o_energy_request_withdrawal))",
        },
    ],
});
