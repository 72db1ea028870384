"""Automatic answers with a hand-over to a person, and messages before the
customer has to ask (issue 16). Every decision is recorded with its reason."""
