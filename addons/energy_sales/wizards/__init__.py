from . import energy_sales_call_wizard
from . import energy_sales_lead_import
from . import energy_sales_queue_distribute
