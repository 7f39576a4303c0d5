"""Development set v3 (issue 12): sentence shapes written from scratch, after the blind sets,
from how CMOs, marketing ops and RevOps people write in Slack, email, decks and spreadsheets.

A quarter of the shapes (:mod:`.heldout`) were scored once before the reader was changed and
are kept out of tuning; :mod:`.shapes` are the ones the reader may be developed against.
"""
