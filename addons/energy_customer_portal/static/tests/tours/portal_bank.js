/** @odoo-module **/
/* Copyright 2026 Energy Suite Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

// The customer asks for a new bank account on /my/bank: types the IBAN,
// accepts the SEPA mandate and is told to check their e-mail. Data: the demo
// `customer` login (Python test, which then follows the mailed link).
registry.category("web_tour.tours").add("energy_customer_portal_bank_request", {
    steps: () => [
        {
            content: "The page shows the account the bills are debited from, masked",
            trigger: ".o_energy_bank_contract_iban:contains('**** ****')",
        },
        {
            content: "Type the new IBAN",
            trigger: "#energy_bank_iban",
            run: "edit ES91 2100 0418 4502 0005 1332",
        },
        {
            content: "Accept the SEPA mandate",
            trigger: "#energy_bank_accept",
            run: "check",
        },
        {
            content: "Request the change",
            trigger: ".o_energy_bank_change_submit",
            run: "click",
        },
        {
            content: "Told to confirm through the e-mail",
            trigger: ".o_energy_bank_requested",
        },
    ],
});

// The customer follows the link mailed to them, confirms, and sees the new
// account, masked, on /my/bank.
registry.category("web_tour.tours").add("energy_customer_portal_bank_confirm", {
    steps: () => [
        {
            content: "The new account to confirm",
            trigger: ".o_energy_bank_confirm_iban:contains('ES91 **** **** **** **** 1332')",
        },
        {
            content: "Confirm it",
            trigger: ".o_energy_bank_confirm_button",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_energy_bank_confirmed",
        },
        {
            content: "The contracts are debited from the new account",
            trigger: ".o_energy_bank_contract_iban:contains('ES91 **** **** **** **** 1332')",
        },
    ],
});
