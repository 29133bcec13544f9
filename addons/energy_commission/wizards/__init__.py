from . import energy_commission_settle_wizard
