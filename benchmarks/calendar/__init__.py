"""Weekly calendar: optimality certificate, regret and speed against scipy baselines."""
