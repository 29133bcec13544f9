# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The lifecycle of a contract request, declared once. The model, its views
(through `lifecycle_next_states`), the portal, the document checklist, the
holder-change wizard, the demo and the switching addon read it from here."""

from odoo.addons.energy_base.tools.lifecycle import Lifecycle

BACKOFFICE = "energy_base.group_energy_backoffice"
VALIDATION = "energy_base.group_energy_validation"
STAFF = (BACKOFFICE, VALIDATION)

STATES = [
    ("draft", "Draft"),
    ("documentation", "Documentation"),
    ("validation", "Validation"),
    ("signature", "Signature"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("active", "Active"),
    ("terminated", "Terminated"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
    ("incident", "Incident"),
]

CONTRACT_LIFECYCLE = Lifecycle(
    states=tuple(STATES),
    edges={
        "draft": {"documentation": STAFF, "validation": STAFF, "cancelled": STAFF},
        "documentation": {"draft": STAFF, "validation": STAFF, "cancelled": STAFF},
        # the validation team decides: on to signature, or rejected
        "validation": {
            "documentation": STAFF,
            "signature": (VALIDATION,),
            "rejected": (VALIDATION,),
            "cancelled": STAFF,
        },
        "signature": {
            "validation": STAFF,
            "submitted": (BACKOFFICE,),
            "cancelled": STAFF,
        },
        # the distributor's answers, recorded by the back-office or its import
        "submitted": {
            "accepted": (BACKOFFICE,),
            "rejected": (BACKOFFICE,),
            "incident": (BACKOFFICE,),
            "cancelled": (BACKOFFICE,),
        },
        "incident": {
            "submitted": (BACKOFFICE,),
            "accepted": (BACKOFFICE,),
            "rejected": (BACKOFFICE,),
            "cancelled": (BACKOFFICE,),
        },
        "accepted": {
            "active": (BACKOFFICE,),
            "incident": (BACKOFFICE,),
            "rejected": (BACKOFFICE,),
            "cancelled": (BACKOFFICE,),
        },
        "active": {"terminated": (BACKOFFICE,)},
        "rejected": {"draft": STAFF},
    },
    forward_path=(
        "draft",
        "documentation",
        "validation",
        "signature",
        "submitted",
        "accepted",
        "active",
    ),
    closed=frozenset({"active", "terminated", "rejected", "cancelled"}),
    ended=frozenset({"terminated", "rejected", "cancelled"}),
)

# Derived sets, for readers that need a plain tuple.
CLOSED_STATES = tuple(
    s for s in CONTRACT_LIFECYCLE.keys if s in CONTRACT_LIFECYCLE.closed
)
ENDED_STATES = tuple(
    s for s in CONTRACT_LIFECYCLE.keys if s in CONTRACT_LIFECYCLE.ended
)
IN_PROGRESS_STATES = CONTRACT_LIFECYCLE.in_progress
# Closed but not ended: the contract is in force.
IN_FORCE_STATES = tuple(s for s in CLOSED_STATES if s not in ENDED_STATES)
FORWARD_PATH = CONTRACT_LIFECYCLE.forward_path
