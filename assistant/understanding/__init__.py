"""Understanding a CMO's message beyond the parse: the semantic intent router
(:mod:`assistant.understanding.router`)."""
