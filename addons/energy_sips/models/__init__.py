# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import energy_sips_import
from . import energy_sips_import_line
from . import energy_sips_provider
from . import energy_supply_point
from . import energy_supply_point_consumption
