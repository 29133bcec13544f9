from . import test_energy_groups
from . import test_energy_settings
