"""Experiments: lift-test results that calibrate a fit, and the design of the next test.

- ``lift_test``: a test's result (:class:`LiftTest`) and its weeks in a history.
- ROI before and after calibration by tests lives with the history fit (``mmm.calibration``).
- ``value_of_information``: which channel's return is worth knowing, from the posterior draws.
- ``power``: the minimum detectable lift of a test from the history's noise.
- ``design``: the next test for the top channel, and a plan that reserves an exploration budget.
- ``verdict``: whether a plan's moves are identified or only directional.
"""

from model_engine.experiments.lift_test import LiftTest, PlacedLiftTest, place_lift_test

__all__ = ["LiftTest", "PlacedLiftTest", "place_lift_test"]
