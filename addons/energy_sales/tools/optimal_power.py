# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The optimal contracted power per period from the observed maximum demand.

Pure arithmetic, no ORM: the caller passes the toll's rules and the demands.
"""

from decimal import ROUND_CEILING, Decimal

# Normalised powers of a single-phase supply limited by a power control switch
# (ICP): 230 V x 1.5, 3, 3.5, 5, 7.5, 10, 15, 20, 25, 30, 35, 40, 45, 50 and
# 63 A. Distributors accept these on any meter (CNMC rejection codes 35, 47,
# 48 for non-normalised powers), so a 2.0TD proposal uses them, plus the
# toll's own 15 kW ceiling for three-phase supplies above 63 A.
SINGLE_PHASE_STEPS_KW = (
    0.345,
    0.69,
    0.805,
    1.15,
    1.725,
    2.3,
    3.45,
    4.6,
    5.75,
    6.9,
    8.05,
    9.2,
    10.35,
    11.5,
    14.49,
)
# Above the ICP table powers are measured by a maximeter and travel in watts;
# a proposal rounds up to whole 100 W steps.
MAXIMETER_STEP_KW = Decimal("0.1")


class PowerProposalError(ValueError):
    """The demand cannot be served within the toll's rules."""


def _ceil_step(value_kw, step=MAXIMETER_STEP_KW):
    # Decimal of the float's 6-decimal rounding: 4.83 must not become 4.9
    # because 4.83 is 4.8300000001 in binary.
    value = Decimal(str(round(value_kw, 6)))
    return float((value / step).to_integral_value(rounding=ROUND_CEILING) * step)


def propose_powers(
    demands_kw,
    current_kw,
    power_periods,
    margin=0.05,
    max_power_kw=0.0,
    min_top_power_kw=0.0,
    ascending=False,
):
    """The lowest normalised contracted powers that cover the observed maximum
    demand plus a margin, within the toll's rules.

    :param demands_kw: six maximum demands (kW, P1..P6); 0 for a period
        without data
    :param current_kw: six current contracted powers; a period without demand
        data keeps its current power
    :param power_periods: the toll's number of power periods (2 or 6)
    :param margin: safety margin over the observed maximum (0.05 = 5 %)
    :param max_power_kw: the toll's ceiling per period (2.0TD: 15), 0 if none
    :param min_top_power_kw: some period must exceed this (3.0TD: 15), 0 if none
    :param ascending: P1 <= P2 <= ... (3.0TD, 6.xTD; CNMC rejection code 15)
    :return: six powers in kW (0 beyond the toll's periods)
    :raise PowerProposalError: when the demand exceeds the toll's ceiling
    """
    powers = []
    for period in range(power_periods):
        demand = demands_kw[period] or 0.0
        if demand <= 0:
            powers.append(current_kw[period] or 0.0)
            continue
        target = demand * (1 + margin)
        if max_power_kw:
            # Tolls with a ceiling (2.0TD) are the ICP-limited ones.
            if target > max_power_kw + 1e-9:
                raise PowerProposalError(target)
            steps = [s for s in SINGLE_PHASE_STEPS_KW if s >= target - 1e-9]
            powers.append(steps[0] if steps else max_power_kw)
        else:
            powers.append(_ceil_step(target))
    if ascending:
        for index in range(1, len(powers)):
            powers[index] = max(powers[index], powers[index - 1])
    if min_top_power_kw and powers and max(powers) <= min_top_power_kw:
        # The toll needs some period above its floor (3.0TD: > 15 kW): the
        # last period, the highest when powers ascend, takes the next step.
        powers[-1] = _ceil_step(min_top_power_kw + float(MAXIMETER_STEP_KW) / 2)
    powers = [round(p, 3) for p in powers]
    return powers + [0.0] * (6 - len(powers))
