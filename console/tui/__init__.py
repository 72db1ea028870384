"""The Textual console: queue, conversation and context side by side."""
