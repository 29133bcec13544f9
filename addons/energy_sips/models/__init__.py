# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import energy_sips_import
from . import energy_sips_import_parse
from . import energy_sips_import_reference
from . import energy_sips_import_write
from . import energy_sips_import_supply_point
from . import energy_sips_import_consumption
from . import energy_sips_import_line
from . import energy_sips_provider
from . import energy_supply_point
from . import energy_supply_point_consumption
from . import energy_sips_import_demo
