from . import energy_dunning_serve
from . import energy_dunning_cut
