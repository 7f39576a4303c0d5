"""Optimizer benchmark: regret against an independent optimum and speed against SLSQP."""
