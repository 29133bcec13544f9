/** @odoo-module **/
/* Copyright 2026 Energy Suite Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

// On one of its commissions (the Python test opens it) the channel disputes
// it; the dispute is listed on the line, open.
registry.category("web_tour.tours").add("energy_commission_portal_dispute", {
    steps: () => [
        {
            content: "Say what is wrong",
            trigger: ".o_energy_dispute_form textarea[name=reason]",
            run: "edit Falta el override de la subagencia de Alicante",
        },
        {
            content: "Dispute it",
            trigger: ".o_energy_dispute_form button[type=submit]",
            run: "click",
        },
        {
            content: "The dispute is listed, open",
            trigger: "tr.o_energy_dispute_row:contains(Falta el override)",
        },
    ],
});

// The channel submits a new contract request from its list of requests and
// lands on the request, in Documentation, with its documents to send.
registry.category("web_tour.tours").add("energy_commission_portal_new_request", {
    steps: () => [
        {
            content: "New contract request",
            trigger: "a.o_energy_contract_new",
            run: "click",
        },
        {
            content: "Customer",
            trigger: "input[name=customer_name]",
            run: "edit Alberto Ruiz Campos",
        },
        {
            content: "NIF",
            trigger: "input[name=customer_vat]",
            run: "edit 00000023T",
        },
        {
            content: "CUPS",
            trigger: "input[name=cups]",
            run: "edit ES0031405000000001ZV",
        },
        {
            content: "Submit",
            trigger: ".o_energy_contract_new_form button[type=submit]",
            run: "click",
        },
        {
            content: "The request is shown with where it stands",
            trigger: "#energy_contract_status:contains(Where it stands)",
        },
    ],
});
