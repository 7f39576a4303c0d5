"""The offline planner's routes that live in their own modules (each exposes
``respond(turn) -> TurnResult | None``)."""
