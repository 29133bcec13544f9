# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class EnergyCachedConfigMixin(models.AbstractModel):
    """Configuration read through ``tools.ormcache`` by code that runs for
    every record of a batch (phases, deadline tables...): any change to it
    clears the registry's caches, so that the next read sees it at once."""

    _name = "energy.cached.config.mixin"
    _description = "Configuration Read Through a Cache"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
