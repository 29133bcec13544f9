# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The smart buttons' plumbing: how many related records the user may see,
and the action that lists them."""


def count_related(records, model, field):
    """{record: how many `model` rows the user may read have `field` = it},
    in one query; {} when the user may not read `model` at all."""
    Related = records.env[model]
    if not records.ids or not Related.has_access("read"):
        return {}
    return dict(Related._read_group([(field, "in", records.ids)], [field], ["__count"]))


def open_related(record, action_xmlid, field):
    """The window action `action_xmlid` limited to the rows whose `field` is
    `record`, creating new ones for it."""
    record.ensure_one()
    action = record.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
    action["domain"] = [(field, "=", record.id)]
    action["context"] = {f"default_{field}": record.id}
    return action
