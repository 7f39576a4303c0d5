"""Chat messages -> :class:`~model_engine.intake.text.message.ParsedMessage`."""
