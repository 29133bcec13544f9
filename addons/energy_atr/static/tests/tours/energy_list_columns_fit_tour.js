/** @odoo-module **/
// Copyright 2026 Energy Suite Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// The key columns of the main lists (codes, CUPS, states) show whole at the
// width a back-office screen has: no header and no cell of theirs is cut.
const KEY_COLUMNS = [
    "name",
    "cups",
    "cups_formatted",
    "state",
    "process",
    "step",
    "request_code",
];

function cut(element) {
    return element.scrollWidth > element.clientWidth + 1;
}

function checkKeyColumns() {
    const problems = [];
    let checked = 0;
    for (const column of KEY_COLUMNS) {
        const header = document.querySelector(`.o_list_table th[data-name='${column}']`);
        if (!header) {
            continue;
        }
        checked++;
        const label = header.querySelector(".text-truncate") || header;
        if (cut(label)) {
            problems.push(`header of ${column} ("${label.textContent.trim()}") is cut`);
        }
        for (const cell of document.querySelectorAll(
            `.o_list_table td.o_data_cell[name='${column}']`
        )) {
            const content = cell.querySelector(".badge") || cell;
            if (cut(content)) {
                problems.push(`${column} "${cell.textContent.trim()}" is cut`);
                break;
            }
        }
    }
    if (!checked) {
        throw new Error("No key column found in this list");
    }
    if (problems.length) {
        throw new Error(problems.join("; "));
    }
}

registry.category("web_tour.tours").add("energy_list_columns_fit_tour", {
    steps: () => [
        {
            content: "The list is shown with its rows",
            trigger: ".o_list_table .o_data_row",
        },
        {
            content: "Codes, CUPS and states show whole",
            trigger: ".o_list_table .o_data_row",
            run: checkKeyColumns,
        },
    ],
});
