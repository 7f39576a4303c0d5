"""The sixth reading pass's development set: shapes written by the pass's helpers before they
changed the reader (``--dev-v5``), every one for tuning; the pass's held-out measure is the
blind set v5."""
