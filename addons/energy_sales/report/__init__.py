from . import energy_sales_funnel_report
from . import energy_sales_call_report
