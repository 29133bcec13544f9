from . import crm_lead
from . import crm_lead_comparator
from . import crm_phonecall
from . import energy_sales_comparison_line
