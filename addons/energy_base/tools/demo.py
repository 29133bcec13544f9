# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared by the demo generators of the suite's addons."""

DEMO_LANG = "es_ES"


def demo_env(env):
    """`env` speaking Spanish when Spanish is installed: the demo story's
    texts (history reasons, chatter, activities) are written as a Spanish
    retailer's users would have written them."""
    if DEMO_LANG in dict(env["res.lang"].get_installed()):
        return env(context=dict(env.context, lang=DEMO_LANG))
    return env
