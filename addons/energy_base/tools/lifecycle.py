# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The declaration of a lifecycle: states, the edges between them with the
groups allowed to take each, the forward path and the closed states.

A model declares its lifecycle once (one `Lifecycle` object) and everything
else reads it: the model's transitions, its views (through the fields of
`energy.lifecycle.mixin`), its portal, its demo and the addons that extend it.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lifecycle:
    """An immutable state machine.

    :param states: (key, label) pairs, in display order; the labels are the
        source strings of the model's `state` selection.
    :param edges: {from: {to: groups}} where groups is a tuple of group
        XML ids any of which may take the edge (empty: any user with write
        access on the model).
    :param forward_path: the happy path, in order; exit checks guard the
        moves forward along it only.
    :param closed: states where the process is over (no deadline, nobody
        holds the ball).
    :param ended: closed states where the record is no longer in force.
    """

    states: tuple
    edges: dict
    forward_path: tuple = ()
    closed: frozenset = field(default_factory=frozenset)
    ended: frozenset = field(default_factory=frozenset)

    def __post_init__(self):
        keys = set(self.keys)
        unknown = (
            set(self.edges)
            | {to for targets in self.edges.values() for to in targets}
            | set(self.forward_path)
            | set(self.closed)
            | set(self.ended)
        ) - keys
        if unknown:
            raise ValueError(f"Lifecycle names unknown states: {sorted(unknown)}")
        if not set(self.ended) <= set(self.closed):
            raise ValueError("Every ended state of a lifecycle must be closed.")

    @property
    def keys(self):
        return tuple(key for key, _label in self.states)

    @property
    def in_progress(self):
        """States where the process is still running, in display order."""
        return tuple(key for key in self.keys if key not in self.closed)

    def targets(self, state):
        """States reachable from `state` in one move."""
        return tuple(self.edges.get(state, {}))

    def allows(self, old, new):
        return new in self.edges.get(old, {})

    def groups(self, old, new):
        """XML ids of the groups allowed to move from `old` to `new`."""
        return tuple(self.edges.get(old, {}).get(new, ()))

    def sources(self, new):
        """States from which `new` can be reached."""
        return tuple(old for old, targets in self.edges.items() if new in targets)

    def is_forward(self, old, new):
        """A move on along the happy path, not back, aside or out of it."""
        path = self.forward_path
        return old in path and new in path and path.index(new) > path.index(old)
