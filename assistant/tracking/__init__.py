"""Plans that live on after the conversation: adopting a plan (a stored, versioned document
with its weekly forecast) and tracking actuals against it, with a re-plan of what is left."""
