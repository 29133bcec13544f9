# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import sips_format
from . import cnmc_client
from . import p0_client
