r"""The feasible region of a plan: the request's constraints resolved to numbers.

Every constraint of a :class:`~model_engine.constraints.PlanRequest` becomes lower and upper
limits on channel spends or on sums over groups of channels:

.. math::
    \ell_i \le x_i \le u_i, \qquad L_g \le \sum_{i \in g} x_i \le U_g, \qquad
    \sum_i x_i = B \;\; (\text{or} \le B)

Channels are matched by name (never by position or alphabetical order) and each limit keeps
the list of constraints that set it, so the optimizer can say which constraint binds. A
channel with ``evidence="no_evidence"`` is pinned at the spend its constraints force (0 by
default); that pin is an implicit constraint and is reported like the others.

When the limits cannot all hold, :func:`check_feasible` finds a minimal set of constraints
that conflict (a deletion filter over a linear feasibility problem) and raises
:class:`InfeasiblePlanError` naming them; nothing is ever relaxed silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import numpy as np
from scipy.optimize import linprog

from model_engine.channel_matching import ChannelMatcher
from model_engine.constraints import (
    Amount,
    ChangeBound,
    ChannelBound,
    Constraint,
    LockChannel,
    MaxChange,
    PlanRequest,
)
from model_engine.money import currency_symbol, format_money
from model_engine.optimizer.curves import IntArray
from model_engine.planning import ResponseModel
from model_engine.saturation import FloatArray

BudgetMode = Literal["exact", "at_most"]
# Relative slack when comparing spends: amounts are in currency, so 1e-9 of the budget is
# far below a cent for any realistic budget.
RELATIVE_TOLERANCE = 1e-9
_NO_LIMIT = 1e18  # stands for "no cap" in the feasibility linear program
_LP_TOLERANCE = 1e-10  # HiGHS's feasibility tolerance, in units of the budget
# The largest budget planned: limits stay far below _NO_LIMIT and the linear program's
# tolerances stay meaningful (a budget of 1e30 read as infeasible on its own).
MAX_BUDGET = 1e15


@dataclass(frozen=True)
class TotalBudget:
    """The budget line of the request, as a constraint that can bind and be priced."""

    amount: float
    mode: BudgetMode

    def describe(self, currency_symbol: str = "$") -> str:
        word = "exactly" if self.mode == "exact" else "at most"
        # format_money's digits (cents under $100, so $0.50 does not read as $0)
        return f"total budget {word} {currency_symbol}{format_money(self.amount)[1:]}"


@dataclass(frozen=True)
class NoEvidencePin:
    """Implicit: a channel without evidence gets only what other constraints force."""

    channel: str

    def describe(self, currency_symbol: str = "$") -> str:
        del currency_symbol
        return f"{self.channel} has no evidence, so it gets only the spend constraints force"


PlanConstraint = TotalBudget | NoEvidencePin | Constraint


@dataclass(frozen=True)
class GroupLimit:
    """Floor and cap on a sum of channels, with the constraint that set them."""

    label: str
    positions: IntArray
    lower: float
    upper: float
    source: int  # index into FeasibleRegion.constraints


@dataclass(frozen=True)
class FeasibleRegion:
    """Resolved limits for the channels of a model, in the model's channel order."""

    names: tuple[str, ...]
    lower: FloatArray
    upper: FloatArray
    lower_sources: tuple[tuple[int, ...], ...]  # constraints setting each channel's lower limit
    upper_sources: tuple[tuple[int, ...], ...]
    groups: tuple[GroupLimit, ...]
    budget: float
    budget_mode: BudgetMode
    constraints: tuple[PlanConstraint, ...]  # index 0 is the TotalBudget
    budget_active: bool = True  # False only while isolating a conflict
    active: tuple[int, ...] = ()  # indices of the constraints in force (all, unless released)

    @property
    def tolerance(self) -> float:
        return RELATIVE_TOLERANCE * max(self.budget, 1.0)

    def with_budget(self, budget: float, mode: BudgetMode) -> FeasibleRegion:
        """The same limits with another total (the efficiency objectives search over it)."""
        constraints = (TotalBudget(budget, mode), *self.constraints[1:])
        return replace(self, budget=budget, budget_mode=mode, constraints=constraints)


class InfeasiblePlanError(ValueError):
    """The constraints cannot all hold; ``conflicting`` names a minimal set that conflicts."""

    def __init__(self, conflicting: Sequence[PlanConstraint], detail: str, currency: str) -> None:
        self.conflicting = tuple(conflicting)
        symbol = currency_symbol(currency)
        listed = "; ".join(c.describe(symbol) for c in self.conflicting)
        super().__init__(
            f"these constraints cannot all hold: {listed}. {detail}Relax or remove one of them."
        )


@lru_cache(maxsize=16)
def _channel_index(names: tuple[str, ...]) -> _ChannelIndex:
    return _ChannelIndex(names)


class _ChannelIndex:
    """Channel positions by name, found by the one channel matcher (case and separators
    aside). One per set of names (:func:`_channel_index`), remembering the names it found: a
    binding constraint's cost builds the region again, and a 1,000-line plan names every line."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.matcher = ChannelMatcher(names)
        self.positions = {name: k for k, name in enumerate(names)}
        self.found: dict[str, int] = {}

    def position(self, name: str, context: str) -> int:
        if name in self.found:
            return self.found[name]
        exact = self.matcher.exact(name)
        found = None if exact is None else self.positions[exact]
        if found is None:
            raise ValueError(
                f"{context} names an unknown channel {name!r}; "
                f"known channels: {', '.join(self.names)}"
            )
        self.found[name] = found
        return found

    def positions_of(self, names: Sequence[str] | None, context: str) -> list[int]:
        if names is None:
            return list(range(len(self.names)))
        return [self.position(name, context) for name in names]


def build_region(
    model: ResponseModel, request: PlanRequest, active: Sequence[int] | None = None
) -> FeasibleRegion:
    """Resolve ``request`` against ``model``; ``active`` keeps only some constraints (by index
    into the region's ``constraints``), which is how conflicts are isolated."""
    budget = float(request.budget)  # an int budget would make the limit arrays integers
    pins = tuple(NoEvidencePin(c.name) for c in model.channels if c.evidence == "no_evidence")
    constraints: tuple[PlanConstraint, ...] = (
        TotalBudget(budget, request.budget_mode),
        *request.constraints,
        *pins,
    )
    keep = set(range(len(constraints))) if active is None else set(active)
    index_of = _channel_index(model.names)
    budget_active = 0 in keep
    n = len(model.channels)
    lower = np.zeros(n)
    upper = np.full(n, budget if budget_active else np.inf)
    lower_sources: list[list[int]] = [[] for _ in range(n)]
    upper_sources: list[list[int]] = [[] for _ in range(n)]
    groups: list[GroupLimit] = []
    current = np.array([c.current_spend for c in model.channels])
    current_total = float(current.sum())
    # The current mix scaled to the budget: what "from its current share" limits refer to.
    scaled_current = current * (budget / current_total) if current_total > 0 else current

    def tighten_lower(position: int, value: float, source: int) -> None:
        if value > lower[position] + RELATIVE_TOLERANCE * max(budget, 1.0):
            lower[position], lower_sources[position] = value, [source]
        elif abs(value - lower[position]) <= RELATIVE_TOLERANCE * max(budget, 1.0) and value > 0:
            lower_sources[position].append(source)

    def tighten_upper(position: int, value: float, source: int) -> None:
        if value < upper[position] - RELATIVE_TOLERANCE * max(budget, 1.0):
            upper[position], upper_sources[position] = value, [source]
        elif abs(value - upper[position]) <= RELATIVE_TOLERANCE * max(budget, 1.0):
            upper_sources[position].append(source)

    def resolve(amount: Amount | None) -> float | None:
        return None if amount is None else amount.resolve(budget)

    pinned: list[tuple[int, int]] = []
    for index, constraint in enumerate(constraints):
        if isinstance(constraint, TotalBudget):
            continue
        if isinstance(constraint, NoEvidencePin):
            position = index_of.position(constraint.channel, "a no-evidence pin")
            if index in keep:
                pinned.append((position, index))
            continue
        if isinstance(constraint, ChannelBound):
            names = None if constraint.channel is None else [constraint.channel]
            positions = index_of.positions_of(names, "a channel bound")
            low, high = resolve(constraint.minimum), resolve(constraint.maximum)
        elif isinstance(constraint, MaxChange | ChangeBound):
            positions = index_of.positions_of(constraint.channels, "a change limit")
            low = high = None
        elif isinstance(constraint, LockChannel):
            positions = [index_of.position(constraint.channel, "a lock")]
            low = high = None
        else:
            positions = index_of.positions_of(
                constraint.channels, f"the group {constraint.label!r}"
            )
            if index in keep:
                groups.append(
                    GroupLimit(
                        label=constraint.label,
                        positions=np.asarray(sorted(set(positions)), dtype=np.int64),
                        lower=resolve(constraint.minimum) or 0.0,
                        upper=float(upper.max())
                        if constraint.maximum is None
                        else constraint.maximum.resolve(budget),
                        source=index,
                    )
                )
            continue
        if index not in keep:
            continue
        for position in positions:
            if isinstance(constraint, MaxChange):
                reference = (
                    scaled_current if constraint.relative_to == "scaled_current" else current
                )[position]
                low = (1.0 - constraint.fraction) * reference
                high = (1.0 + constraint.fraction) * reference
            elif isinstance(constraint, ChangeBound):
                low, high = constraint.limits(current[position])
            elif isinstance(constraint, LockChannel):
                low = high = current[position]
            if low is not None:
                tighten_lower(position, low, index)
            if high is not None:
                tighten_upper(position, high, index)
    for position, index in pinned:
        tighten_upper(position, lower[position], index)
        # The pin sets the cap to whatever the floors force, so it shares their sources.
        upper_sources[position] = [index]
    return FeasibleRegion(
        names=model.names,
        lower=lower,
        upper=upper,
        lower_sources=tuple(tuple(s) for s in lower_sources),
        upper_sources=tuple(tuple(s) for s in upper_sources),
        groups=tuple(groups),
        budget=budget,
        budget_mode=request.budget_mode,
        constraints=constraints,
        budget_active=budget_active,
        active=tuple(sorted(keep)),
    )


def is_feasible(region: FeasibleRegion) -> bool:
    """Whether some spend vector satisfies every limit (a linear feasibility problem)."""
    tol = region.tolerance
    if np.any(region.lower > region.upper + tol):
        return False
    n = len(region.names)
    rows, bounds_low, bounds_high = [], [], []
    for group in region.groups:
        row = np.zeros(n)
        row[group.positions] = 1.0
        rows.append(row)
        bounds_low.append(group.lower)
        bounds_high.append(group.upper)
    if region.budget_active:
        rows.append(np.ones(n))
        bounds_low.append(region.budget if region.budget_mode == "exact" else 0.0)
        bounds_high.append(region.budget)
    if not rows:
        return True
    matrix = np.asarray(rows)
    # Without the total budget a group may have no cap; linprog wants finite right-hand sides.
    high = np.asarray(bounds_high)
    high = np.where(np.isfinite(high), high, _NO_LIMIT)
    # In units of the budget, with HiGHS's own tolerance below ours: its default (1e-7 in
    # absolute terms) accepted a $0.00000006 floor on a channel capped at $0 for a $1 budget,
    # which the solver's exact check then refused.
    unit = max(region.budget, 1.0)
    lower = region.lower / unit
    upper = np.maximum(region.upper, region.lower) / unit
    # Each two-sided row a <= A x <= b becomes A x <= b + tol and -A x <= -a + tol.
    result = linprog(
        c=np.zeros(n),
        A_ub=np.vstack([matrix, -matrix]),
        b_ub=np.concatenate(
            [high / unit + tol / unit, -np.asarray(bounds_low) / unit + tol / unit]
        ),
        bounds=list(zip(lower, upper, strict=True)),
        method="highs",
        options={"primal_feasibility_tolerance": _LP_TOLERANCE},
    )
    return bool(result.status == 0)


def conflict_detail(region: FeasibleRegion, currency: str) -> str:
    """A sentence with the numbers behind the simplest kinds of conflict."""

    def money(value: float) -> str:
        return format_money(value, currency)

    tol = region.tolerance
    for position, name in enumerate(region.names):
        if region.lower[position] > region.upper[position] + tol:
            return (
                f"{name} would need at least {money(region.lower[position])} "
                f"and at most {money(region.upper[position])}. "
            )
    floors = float(region.lower.sum())
    caps = float(region.upper.sum())
    if region.budget_active and floors > region.budget + tol:
        return f"The channel minimums add up to {money(floors)}, more than {money(region.budget)}. "
    if region.budget_active and region.budget_mode == "exact" and caps < region.budget - tol:
        return f"The channel maximums add up to {money(caps)}, less than {money(region.budget)}. "
    for group in region.groups:
        reachable = float(region.upper[group.positions].sum())
        forced = float(region.lower[group.positions].sum())
        if region.budget_active:
            reachable = min(reachable, region.budget)
        if group.lower > reachable + tol:
            return (
                f"{group.label} needs at least {money(group.lower)} but can get at most "
                f"{money(reachable)}. "
            )
        if group.upper < forced - tol:
            return (
                f"{group.label} may get at most {money(group.upper)} "
                f"but is forced to {money(forced)}. "
            )
    return ""


def check_feasible(model: ResponseModel, request: PlanRequest) -> FeasibleRegion:
    """The resolved region, or :class:`InfeasiblePlanError` naming a minimal conflicting set.

    A no-evidence pin is the one constraint the user never stated: when the others leave part
    of an exact budget nowhere else to go, the pin yields (the fewest pins, in channel order)
    and those channels hold what the other limits force on them; the region's ``active``
    leaves the released pins out. Stated constraints are never relaxed."""
    _check_budget(request.budget, model.currency)
    region = build_region(model, request)
    found = feasible_subregion(model, request, region.active)
    if found is not None:
        return found
    pins = [k for k, c in enumerate(region.constraints) if isinstance(c, NoEvidencePin)]
    stated = [k for k in region.active if k not in pins]
    # Deletion filter: drop each constraint in turn and keep it out if the rest still conflict.
    # What remains is irreducible: removing any one of them makes the plan feasible.
    kept = stated
    for index in list(kept):
        trial = [k for k in kept if k != index]
        if not is_feasible(build_region(model, request, trial)):
            kept = trial
    minimal = build_region(model, request, kept)
    raise InfeasiblePlanError(
        [region.constraints[k] for k in kept],
        conflict_detail(minimal, model.currency),
        model.currency,
    )


def feasible_subregion(
    model: ResponseModel, request: PlanRequest, active: Sequence[int]
) -> FeasibleRegion | None:
    """The region of the ``active`` constraints, releasing the fewest no-evidence pins (in
    channel order) that keep it from being feasible; ``None`` when the stated constraints
    among them conflict.

    Releasing is needed even when ``active`` only drops constraints from a feasible set: a pin
    caps its channel at what the other limits force, so dropping a floor on a pinned channel
    (a change limit, a lock) drops its cap too, and an exact budget the floor helped reach
    can become unreachable. The pinned region is not monotone in its constraints."""
    region = build_region(model, request, active)
    if is_feasible(region):
        return region
    pins = [k for k in active if isinstance(region.constraints[k], NoEvidencePin)]
    if not pins or not is_feasible(build_region(model, request, _without(active, pins))):
        return None
    released = list(pins)
    for pin in pins:  # keep every pin that can hold
        if is_feasible(
            build_region(model, request, _without(active, [p for p in released if p != pin]))
        ):
            released.remove(pin)
    return build_region(model, request, _without(active, released))


def _without(active: Sequence[int], dropped: Sequence[int]) -> list[int]:
    return [k for k in active if k not in dropped]


def released_pins(region: FeasibleRegion) -> tuple[NoEvidencePin, ...]:
    """The no-evidence pins :func:`check_feasible` released."""
    return tuple(
        c
        for k, c in enumerate(region.constraints)
        if isinstance(c, NoEvidencePin) and k not in region.active
    )


def _check_budget(budget: float, currency: str) -> None:
    if not np.isfinite(budget) or budget > MAX_BUDGET:
        raise ValueError(
            f"a budget of {format_money(budget, currency)} is beyond what the optimizer "
            f"plans (at most {format_money(MAX_BUDGET, currency)}): check the amount"
        )
