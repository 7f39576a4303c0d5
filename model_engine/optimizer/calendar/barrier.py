r"""A log-barrier interior-point method for a smooth concave objective over a polytope, with a
certificate of optimality.

.. math::
    \max_x \Phi(x) \quad \text{s.t.} \quad A x = b,\; G x \le h

Following Boyd & Vandenberghe (*Convex Optimization*, 2004, §11.3): from a strictly feasible
start (phase I: the linear program that maximises the smallest slack), Newton's method with
equality constraints minimises :math:`t\,(-\Phi(x)) - \sum_i \log(h_i - G_i x)` for a rising
:math:`t`; at each centre the duality gap is :math:`m/t` (:math:`m` inequalities) and
:math:`z_i = 1/(t\,s_i)`, :math:`\nu` are dual-feasible multipliers, which is how binding rules
and shadow prices are read. The returned point is then certified with one more linear program,
the Frank-Wolfe gap

.. math:: \Phi^* - \Phi(x) \le \max_{y \in P} \nabla\Phi(x)^\top (y - x),

valid for any feasible :math:`x` of a concave :math:`\Phi`, whatever produced it.

Variables and rows are scaled to order one (spend over the mean cell spend, rows to unit
norm, the objective over its size at the start), so one set of tolerances serves any budget.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.linalg import LinAlgError, LinAlgWarning, solve
from scipy.optimize import linprog

from model_engine.saturation import FloatArray

_GAP_TOLERANCE = 1e-10  # relative duality gap m / t at the last centre
_NEWTON_TOLERANCE = 1e-12  # half the squared Newton decrement
_STEP_FACTOR = 20.0  # t grows by this factor per centring
_MAX_NEWTON = 400
_ARMIJO = 0.25
_DEGENERATE_SLACK = 1e-9  # phase I slack (scaled) below which the rules fix the plan


class CalendarInfeasibleError(ValueError):
    """No spend satisfies every rule (the caller names the conflicting rules)."""


@dataclass(frozen=True, eq=False)
class LinearSystem:
    """``A x = b`` (dense, few rows) and ``G x <= h`` (sparse)."""

    a: FloatArray
    b: FloatArray
    g: sp.csr_matrix
    h: FloatArray

    @property
    def n_inequalities(self) -> int:
        return int(self.g.shape[0])


@dataclass(frozen=True, eq=False)
class BarrierSolution:
    x: FloatArray
    inequality_duals: FloatArray  # z >= 0, objective units per unit of each row
    equality_duals: FloatArray  # nu: grad Phi = A^T nu + G^T z at the optimum
    newton_steps: int
    duality_gap: float  # m / t at the last centre, objective units
    certified_gap: float  # Frank-Wolfe bound on Phi* - Phi(x), objective units
    degenerate: bool  # the rules left no interior: x is the phase-I point


Objective = Callable[[FloatArray], float]
Derivative = Callable[[FloatArray], FloatArray]


def _phase_one(system: LinearSystem, scale: float) -> tuple[FloatArray, float]:
    """A point maximising the smallest slack (rows at unit norm), and that slack."""
    n = system.g.shape[1]
    norms = np.sqrt(np.asarray(system.g.multiply(system.g).sum(axis=1)).ravel())
    norms = np.where(norms > 0, norms, 1.0)
    g = sp.hstack([system.g, sp.csr_matrix(norms[:, np.newaxis])]).tocsr()
    a = np.hstack([system.a, np.zeros((system.a.shape[0], 1))]) if system.a.size else None
    cost = np.zeros(n + 1)
    cost[-1] = -1.0
    result = linprog(
        cost,
        A_ub=g,
        b_ub=system.h,
        A_eq=a,
        b_eq=system.b if system.a.size else None,
        bounds=[(None, None)] * n + [(None, scale)],
        method="highs",
    )
    if result.status != 0 or result.x is None:
        raise CalendarInfeasibleError("no spend satisfies every rule")
    return np.asarray(result.x[:n]), float(result.x[-1])


def frank_wolfe_gap(system: LinearSystem, gradient: FloatArray, x: FloatArray) -> float:
    """:math:`\\max_{y \\in P} \\nabla\\Phi(x)^\\top (y - x)` by one linear program."""
    result = linprog(
        -gradient,
        A_ub=system.g,
        b_ub=system.h,
        A_eq=system.a if system.a.size else None,
        b_eq=system.b if system.a.size else None,
        bounds=[(None, None)] * x.size,
        method="highs",
    )
    if result.status != 0 or result.x is None:
        return float("inf")
    return max(0.0, float(gradient @ (result.x - x)))


def maximise(
    value: Objective,
    gradient: Derivative,
    hessian: Callable[[FloatArray], FloatArray],
    system: LinearSystem,
    x_scale: float,
) -> BarrierSolution:
    """Maximise a concave ``value`` over ``system``'s polytope (see the module docstring).

    ``x_scale`` is a typical size of a variable. Raises :class:`CalendarInfeasibleError` when
    the polytope is empty.
    """
    n = system.g.shape[1]
    norms = np.sqrt(np.asarray(system.g.multiply(system.g).sum(axis=1)).ravel()) * x_scale
    norms = np.where(norms > 0, norms, 1.0)
    g = sp.diags(1.0 / norms) @ system.g * x_scale
    g = sp.csr_matrix(g)
    h = system.h / norms
    a = system.a * x_scale
    scaled = LinearSystem(a, system.b, g, h)
    start, slack = _phase_one(scaled, 1.0)
    if slack < -1e-9:
        raise CalendarInfeasibleError("no spend satisfies every rule")
    f_scale = max(
        abs(value(start * x_scale)),
        float(np.abs(gradient(start * x_scale)).sum() * x_scale / max(n, 1)),
        1e-300,
    )

    def f(y: FloatArray) -> float:
        return -value(y * x_scale) / f_scale

    def df(y: FloatArray) -> FloatArray:
        return -gradient(y * x_scale) * x_scale / f_scale

    def d2f(y: FloatArray) -> FloatArray:
        return -hessian(y * x_scale) * x_scale * x_scale / f_scale

    m = scaled.n_inequalities
    if slack <= _DEGENERATE_SLACK or m == 0:
        x = start * x_scale
        gap = frank_wolfe_gap(system, gradient(x), x)
        return BarrierSolution(x, np.zeros(m), np.zeros(system.a.shape[0]), 0, gap, gap, True)
    y = start
    t = max(1.0, m / 10.0)
    steps = 0
    nu = np.zeros(a.shape[0])
    while True:
        for _ in range(_MAX_NEWTON):
            s = h - g @ y
            inverse = 1.0 / s
            grad = t * df(y) + g.T @ inverse
            hess = t * d2f(y) + (g.T @ sp.diags(inverse * inverse) @ g).toarray()
            step, nu_t = _newton_step(hess, grad, a, a @ y - scaled.b)
            steps += 1
            decrement = float(-grad @ step)
            if decrement / 2.0 <= _NEWTON_TOLERANCE:
                nu = nu_t / t
                break
            alpha = 1.0
            ds = g @ step
            blocking = ds > 0
            if np.any(blocking):
                alpha = min(1.0, 0.99 * float(np.min(s[blocking] / ds[blocking])))
            phi = t * f(y) - np.log(s).sum()
            while alpha > 1e-14:
                trial = y + alpha * step
                trial_s = h - g @ trial
                if np.all(trial_s > 0):
                    trial_phi = t * f(trial) - np.log(trial_s).sum()
                    if trial_phi <= phi - _ARMIJO * alpha * decrement:
                        break
                alpha *= 0.5
            y = y + alpha * step
            nu = nu_t / t
            if alpha <= 1e-14:
                break
        if m / t <= _GAP_TOLERANCE or steps >= _MAX_NEWTON:
            break
        t *= _STEP_FACTOR
    s = h - g @ y
    z_scaled = 1.0 / (t * s)
    x = y * x_scale
    # Back to the caller's units: multipliers of the unscaled rows, in objective units.
    z = z_scaled * f_scale / norms
    equality = nu * f_scale
    gap = frank_wolfe_gap(system, gradient(x), x)
    return BarrierSolution(x, z, equality, steps, (m / t) * f_scale, gap, False)


def _newton_step(
    hess: FloatArray, grad: FloatArray, a: FloatArray, residual: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Solve ``[H A^T; A 0] [dx; w] = [-g; -r]``. Near the end of the barrier path the system
    is ill-conditioned by construction (slacks of binding rows go to zero); the step stays
    accurate enough for the line search, so the warning is not passed on."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LinAlgWarning)
        return _solve_kkt(hess, grad, a, residual)


def _solve_kkt(
    hess: FloatArray, grad: FloatArray, a: FloatArray, residual: FloatArray
) -> tuple[FloatArray, FloatArray]:
    n = grad.size
    p = a.shape[0]
    if p == 0:
        try:
            step = solve(hess, -grad, assume_a="sym")
        except LinAlgError:
            step = np.linalg.lstsq(hess, -grad, rcond=None)[0]
        return np.asarray(step, dtype=np.float64), np.zeros(0)
    kkt = np.zeros((n + p, n + p))
    kkt[:n, :n] = hess
    kkt[:n, n:] = a.T
    kkt[n:, :n] = a
    rhs = np.concatenate([-grad, -residual])
    try:
        solution = solve(kkt, rhs, assume_a="sym")
    except LinAlgError:
        solution = np.linalg.lstsq(kkt, rhs, rcond=None)[0]
    return solution[:n], solution[n:]
