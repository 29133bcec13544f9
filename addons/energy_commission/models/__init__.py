from . import res_partner
from . import energy_commission_plan
from . import energy_commission_plan_version
from . import energy_commission_rule
from . import energy_commission_line
from . import energy_commission_settlement
from . import energy_contract
from . import energy_commission_demo
