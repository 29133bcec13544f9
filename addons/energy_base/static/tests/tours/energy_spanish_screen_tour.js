/** @odoo-module **/
// Copyright 2026 Energy Suite Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// A screen shown to a Spanish user carries none of the suite's English source
// strings that have a Spanish translation. The test that starts this tour
// puts those strings in window.energyEnglishTerms.
const ATTRIBUTES = ["placeholder", "title", "aria-label", "data-tooltip"];

function visible(element) {
    return Boolean(element && element.getClientRects().length);
}

function shownTexts(root) {
    const texts = [];
    if (!root) {
        return texts;
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const text = node.textContent.replace(/\s+/g, " ").trim();
        if (text && visible(node.parentElement)) {
            texts.push(text);
        }
    }
    for (const element of root.querySelectorAll(
        ATTRIBUTES.map((name) => `[${name}]`).join(",")
    )) {
        if (!visible(element)) {
            continue;
        }
        for (const name of ATTRIBUTES) {
            const value = (element.getAttribute(name) || "").trim();
            if (value) {
                texts.push(value);
            }
        }
    }
    return texts;
}

function checkSpanish() {
    const english = new Set(window.energyEnglishTerms || []);
    if (!english.size) {
        throw new Error("The test gave no English terms to look for");
    }
    const texts = [
        ...shownTexts(document.querySelector(".o_main_navbar")),
        ...shownTexts(document.querySelector(".o_action_manager")),
    ];
    if (!texts.length) {
        throw new Error("Nothing is shown on this screen");
    }
    const leaks = [...new Set(texts.filter((text) => english.has(text)))];
    if (leaks.length) {
        throw new Error(`English on a Spanish screen: ${leaks.join(" | ")}`);
    }
}

registry.category("web_tour.tours").add("energy_spanish_screen_tour", {
    steps: () => [
        {
            content: "The screen is shown",
            trigger: ".o_action_manager .o_view_controller .o_content",
        },
        {
            content: "Nothing on it is in English",
            trigger: ".o_action_manager .o_view_controller .o_content",
            run: checkSpanish,
        },
    ],
});
