# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import energy_bill_engine
from . import energy_billing_reading
from . import energy_billing_reading_import
from . import energy_bill
from . import energy_billing_run
from . import energy_billing_run_issue
from . import energy_billing_return
from . import account_move
from . import account_move_line
from . import energy_atr_message
from . import energy_contract
from . import res_company
