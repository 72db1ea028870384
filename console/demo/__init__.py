"""The demo inbox: a plausible small tea shop, built the same way every time."""
