# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared by the demo generators of the suite's addons."""

import sys

DEMO_LANG = "es_ES"


def demo_env(env):
    """`env` speaking Spanish when Spanish is installed: the demo story's
    texts (history reasons, chatter, activities, tracked labels) are written
    as a Spanish retailer's users would have written them.

    Odoo loads a module's translations of its fields, selections and views
    only after its demo data: the Spanish terms of the calling addon are
    loaded first, so that its own labels (a selection's value tracked in the
    chatter) are Spanish in its demo too."""
    if DEMO_LANG not in dict(env["res.lang"].get_installed()):
        return env
    caller = sys._getframe(1).f_globals.get("__name__", "")
    module = caller.split(".")[2] if caller.startswith("odoo.addons.") else None
    if module:
        env["ir.module.module"]._get(module)._update_translations(
            filter_lang=[DEMO_LANG]
        )
    return env(context=dict(env.context, lang=DEMO_LANG))


def speak_spanish(env):
    """With Spanish installed, the suite's demo logins, the administrator and
    the demo company speak it (web client, portal, mails). False otherwise."""
    if DEMO_LANG not in dict(env["res.lang"].get_installed()):
        return False
    # a demo database: every active login is a demo login (or the admin)
    env["res.users"].search([("lang", "!=", DEMO_LANG)]).write({"lang": DEMO_LANG})
    env.company.partner_id.lang = DEMO_LANG
    return True
