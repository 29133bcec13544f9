from . import test_portal_supply
from . import test_portal_bank
from . import test_portal_requests
from . import test_portal_profile
from . import test_preferences_honoured
