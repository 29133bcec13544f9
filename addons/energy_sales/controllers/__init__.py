from . import offer_portal
from . import lead_form
from . import lead_portal
