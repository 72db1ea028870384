"""The core's pipeline: channels in (fetch, watch, file imports) and out (the
outbox), driven through the plugin contract, for the CLI and the app alike.

Why here, below `console/`: the pipeline's promises are the store's (a batch
and its cursor in one transaction, de-duplication, threading, events, the
outbox's states), and every front end needs them, the typer commands, the
Textual app, a chat server, cron. Living beside the store, it imports only
`plugins.api`/`plugins.registry` and `storage`, never `console`, textual or
typer (tests/unit_tests/test_layering.py checks it), and holds no SQL: it
calls the storage modules that do. A message walks plugin -> pipeline ->
storage -> console, each layer once.
"""
