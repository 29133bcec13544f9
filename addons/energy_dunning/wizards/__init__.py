from . import energy_dunning_serve
from . import energy_dunning_cut
from . import energy_dunning_plan_accept
from . import energy_dunning_terminate
