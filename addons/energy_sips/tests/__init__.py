# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_sips_import_points
from . import test_sips_import_consumption
from . import test_sips_import_errors
from . import test_sips_import_idempotence
from . import test_sips_import_performance
from . import test_sips_import_wizard
from . import test_sips_provider_cnmc
from . import test_sips_provider_p0
from . import test_sips_lookup
from . import test_sips_security
from . import test_sips_demo
