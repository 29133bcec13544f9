# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import energy_validity_mixin
from . import energy_product
from . import energy_product_price
from . import energy_tax_setting
from . import energy_indirect_tax
