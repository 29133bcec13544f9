# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_energy_product
from . import test_energy_product_price_constraints
from . import test_energy_product_price_lookup
from . import test_energy_tax_setting
from . import test_energy_pricing_access
