"""The v4 development set: new sentence shapes for the fifth reading pass, one module per
family so each can grow on its own. Every shape here is for tuning; the held-out measure of
this pass is a blind set written apart from it."""
