from . import test_dunning_ladder
from . import test_dunning_guards
from . import test_dunning_access
from . import test_dunning_collect
from . import test_dunning_termination
from . import test_dunning_demo
