"""Intake benchmark: case-table accuracy and parsing/loading throughput
(``python -m benchmarks.intake``)."""
