"""Uploaded history files (CSV, TSV, XLSX) -> :class:`~model_engine.datasets.WeeklyHistory`."""
