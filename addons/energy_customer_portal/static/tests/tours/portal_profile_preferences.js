/** @odoo-module **/
/* Copyright 2026 Energy Suite Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */

import {registry} from "@web/core/registry";

// The customer opens their account, chooses notices by post, turns the
// paper bill on and withdraws the marketing consent; the page confirms and
// the consent history shows the withdrawal. Data: the demo `customer` login,
// with a postal address and the consent given (Python test).
registry.category("web_tour.tours").add("energy_customer_portal_preferences", {
    steps: () => [
        {
            content: "The preferences sit under the contact details",
            trigger: "#energy_preferences_title",
        },
        {
            content: "Notices by post",
            trigger: "#energy_notice_channel_post",
            run: "click",
        },
        {
            content: "Paper bill: electronic bill off",
            trigger: "#energy_electronic_invoice:checked",
            run: "click",
        },
        {
            content: "Withdraw the marketing consent",
            trigger: "#marketing_consent:checked",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_energy_preferences_form button[type=submit]",
            run: "click",
        },
        {
            content: "The page confirms the preferences were saved",
            trigger: ".o_energy_preferences .alert-success",
        },
        {
            content: "The choices stay as saved",
            trigger: "#energy_notice_channel_post:checked",
        },
        {
            content: "The consent history lists the withdrawal",
            trigger: ".o_energy_consent_history tbody tr:first-child td:nth-child(2)",
        },
    ],
});
