"""Forecast backtest: fit on all but the last 13 weeks, forecast them from their real spend."""
