# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The lifecycle of a claim, declared once. Each state says who holds the
claim (and so whose clock runs): the claim's views, its clock, its R1
answers and its demo move it only along these edges."""

from odoo.addons.energy_base.tools.lifecycle import Lifecycle

SERVICE = "energy_base.group_energy_customer_service"
MANAGER = "energy_base.group_energy_manager"
BACKOFFICE = "energy_base.group_energy_backoffice"
BY_SERVICE = (SERVICE, MANAGER)
# The distributor's R1 answers are imported by the back-office.
BY_SERVICE_OR_ATR = (SERVICE, MANAGER, BACKOFFICE)

CLAIM_STATES = [
    ("received", "Received"),
    ("in_progress", "In progress"),
    ("waiting_customer", "Waiting for the customer"),
    ("waiting_distributor", "Waiting for the distributor"),
    ("waiting_other", "Waiting for another party"),
    ("resolved", "Resolved"),
]
WAITING = ("waiting_customer", "waiting_distributor", "waiting_other")

CLAIM_LIFECYCLE = Lifecycle(
    states=tuple(CLAIM_STATES),
    edges={
        "received": dict.fromkeys(("in_progress", *WAITING, "resolved"), BY_SERVICE),
        "in_progress": dict.fromkeys((*WAITING, "resolved"), BY_SERVICE),
        "waiting_customer": dict.fromkeys(
            ("in_progress", "waiting_distributor", "resolved"), BY_SERVICE
        ),
        "waiting_distributor": dict.fromkeys(
            ("in_progress", "waiting_customer", "resolved"), BY_SERVICE_OR_ATR
        ),
        "waiting_other": dict.fromkeys(("in_progress", "resolved"), BY_SERVICE),
        # reopening: counted, and the claim is ours again
        "resolved": {"in_progress": BY_SERVICE},
    },
    forward_path=("received", "in_progress", "resolved"),
    closed=frozenset({"resolved"}),
)
# Who holds the claim in each state (nobody once it is resolved).
HOLDER = {
    "received": "us",
    "in_progress": "us",
    "waiting_customer": "customer",
    "waiting_distributor": "distributor",
    "waiting_other": "other",
}
# States in which our answer deadline runs (it is paused while the customer
# owes us information).
CLOCK_RUNNING = ("received", "in_progress", "waiting_distributor", "waiting_other")
