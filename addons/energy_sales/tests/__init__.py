from . import test_lead_dedup
from . import test_call_guard
from . import test_call_outcome
from . import test_sales_access
from . import test_comparator
from . import test_offer
from . import test_lead_import
from . import test_sales_demo
