# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools.misc import file_path

from odoo.addons.energy_base.tools.demo import demo_env

DEMO_FILES = (
    "energy_sips/demo/SIPS2026_PS_ELECTRICIDAD_demo.csv",
    "energy_sips/demo/SIPS2026_CONSUMOS_ELECTRICIDAD_demo.csv",
)


class EnergySipsImport(models.Model):
    _inherit = "energy.sips.import"

    @api.model
    def _demo_import_samples(self):
        """Import the demo SIPS files (supply points, then their consumption)
        through the real import, so that a look-up of one of their CUPS with
        the demo provider answers. False when they were imported already."""
        names = [path.rsplit("/", 1)[-1] for path in DEMO_FILES]
        if self.search_count([("name", "in", names)]):
            return False
        self = self.with_env(demo_env(self.env))
        for path in DEMO_FILES:
            self.import_file(file_path(path), origin="script")
        return True
