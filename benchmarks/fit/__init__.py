"""Fitting benchmark: speed, recovery of known truth, interval coverage, public files."""
