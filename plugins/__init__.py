"""The plugin API, discovery, and the built-in channels and order sources."""
