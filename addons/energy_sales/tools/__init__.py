from . import optimal_power
