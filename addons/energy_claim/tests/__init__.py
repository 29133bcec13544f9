# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_claim_typology
from . import test_claim_clock
from . import test_claim_resolution
from . import test_claim_r1
from . import test_claim_access
from . import test_claim_portal
from . import test_claim_survey
from . import test_claim_cnmc_report
from . import test_claim_demo
from . import test_claim_performance
