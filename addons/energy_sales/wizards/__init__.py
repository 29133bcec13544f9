from . import energy_sales_call_wizard
from . import energy_sales_lead_import
