"""The website chat: a widget server visitors talk to, and the `chat` channel."""
