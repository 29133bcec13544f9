from . import energy_sales_call_wizard
