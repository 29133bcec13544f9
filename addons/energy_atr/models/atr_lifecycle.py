# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The lifecycle of an ATR switching case, declared once. The case model, its
views (through `lifecycle_next_states`), the outgoing side (step 01, the
cancellation step), the incoming answers of the distributors and the
watchdog's claims move a case only along these edges."""

from odoo.addons.energy_base.tools.lifecycle import Lifecycle

BACKOFFICE = "energy_base.group_energy_backoffice"
# The back-office (or its scheduled actions) exchanges the messages that
# move a case: every edge is theirs.
BY_BACKOFFICE = (BACKOFFICE,)

CASE_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("accepted", "Accepted"),
    ("incident", "Incident"),
    ("activated", "Activated"),
    ("rejected", "Rejected"),
    ("cancel_requested", "Cancellation requested"),
    ("cancelled", "Cancelled"),
    ("closed", "Closed"),
]


def _edges(*targets):
    return dict.fromkeys(targets, BY_BACKOFFICE)


ATR_CASE_LIFECYCLE = Lifecycle(
    states=tuple(CASE_STATES),
    edges={
        # step 01 (or a claim's R1-01) sent; a draft claim discarded
        "draft": _edges("open", "cancelled"),
        # the distributor's answers to our request (02, 03, 04, 05), the
        # notices to the outgoing retailer (11, 12, 06), our cancellation
        "open": _edges(
            "accepted",
            "incident",
            "activated",
            "rejected",
            "cancel_requested",
            "cancelled",
            "closed",
        ),
        "accepted": _edges(
            "incident",
            "activated",
            "rejected",
            "cancel_requested",
            "cancelled",
            "closed",
        ),
        "incident": _edges(
            "accepted",
            "activated",
            "rejected",
            "cancel_requested",
            "cancelled",
            "closed",
        ),
        # the distributor accepts our cancellation, or refuses it and the
        # request goes on where it was (accepted when it had been accepted)
        "cancel_requested": _edges("cancelled", "open", "accepted"),
    },
    forward_path=("draft", "open", "accepted", "activated"),
    closed=frozenset({"activated", "rejected", "cancelled", "closed"}),
    ended=frozenset({"rejected", "cancelled"}),
)

# States in which the distributor owes us the next step: the only ones that
# can be overdue.
WAITING_STATES = tuple(s for s in ATR_CASE_LIFECYCLE.in_progress if s != "draft")
# States of a case that still serves its contract (the contract's current case).
CURRENT_STATES = ATR_CASE_LIFECYCLE.in_progress
# States after which nothing more is expected.
FINISHED_STATES = tuple(
    s for s in ATR_CASE_LIFECYCLE.keys if s in ATR_CASE_LIFECYCLE.closed
)
