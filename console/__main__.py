#!/usr/bin/env python3
"""The `comptoir` command, installed as it stands (pyproject.toml's
shared-scripts), and `python -m console`.

Not an entry point: the script pip writes for one imports `re` before
anything else, a quarter of what a whole `comptoir search` costs beyond
Python's own start (benchmarks/search_speed.py)."""

from console.launch import main

main()
