from . import crm_lead
from . import crm_lead_comparator
from . import crm_phonecall
from . import energy_sales_comparison_line
from . import crm_lead_offer
from . import energy_contract
from . import energy_sales_offer
from . import crm_lead_demo
