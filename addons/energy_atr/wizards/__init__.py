from . import energy_atr_export_wizard
from . import energy_atr_import_wizard
