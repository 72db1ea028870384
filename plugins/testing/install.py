"""Installing plugins for one test: a package's metadata (a `.dist-info`
folder with its entry points) in a folder put on `sys.path`, removed after.

The same folder on PYTHONPATH (`installed.environ()`) shows the plugins to a
child process, like `comptoir plugins list` run as a user would."""

from __future__ import annotations

import importlib
import itertools
import os
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

_serial = itertools.count()


class InstalledPlugins:
    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.paths: list[Path] = []
        self._monkeypatch = monkeypatch
        self._modules: list[str] = []

    def channel(
        self,
        channel_class: type,
        name: str | None = None,
        distribution: str = "",
        version: str = "0.0.1",
    ) -> str:
        """Register a class defined in a test under `comptoir.channels`."""
        return self._class(
            "comptoir.channels", channel_class, name, distribution, version
        )

    def order_source(
        self,
        source_class: type,
        name: str | None = None,
        distribution: str = "",
        version: str = "0.0.1",
    ) -> str:
        return self._class("comptoir.orders", source_class, name, distribution, version)

    def _class(
        self, group: str, cls: type, name: str | None, distribution: str, version: str
    ) -> str:
        # The class lives in a module made for it, so its entry point can load it.
        module = f"_comptoir_installed_{next(_serial)}"
        sys.modules[module] = types.ModuleType(module)
        setattr(sys.modules[module], cls.__name__, cls)
        self._modules.append(module)
        entry = name or str(getattr(cls, "name", "")) or cls.__name__.lower()
        self.entry_point(
            group, entry, f"{module}:{cls.__name__}", distribution, version
        )
        return entry

    def entry_point(
        self,
        group: str,
        name: str,
        target: str,
        distribution: str = "",
        version: str = "0.0.1",
        modules: dict[str, str] | None = None,
    ) -> Path:
        """Install a package of one entry point, with `modules` (file name to
        source) beside it; the target need not import: that is a broken plugin.
        Packages are told apart by name: the default is `comptoir-test-NAME`."""
        distribution = distribution or f"comptoir-test-{name}"
        folder = (
            self.root / f"site{next(_serial)}"
        )  # one each: metadata caches by mtime
        folder.mkdir(parents=True)
        stem = re.sub(r"[-_.]+", "_", distribution)
        info = folder / f"{stem}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n"
        )
        (info / "entry_points.txt").write_text(f"[{group}]\n{name} = {target}\n")
        for filename, source in (modules or {}).items():
            (folder / filename).write_text(source)
        self._monkeypatch.syspath_prepend(str(folder))
        self.paths.append(folder)
        importlib.invalidate_caches()
        return folder

    def environ(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """`base` (or os.environ) with these plugins on PYTHONPATH."""
        env = dict(os.environ if base is None else base)
        paths = [str(p) for p in reversed(self.paths)]
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(paths)
        return env

    def remove(self) -> None:
        for module in self._modules:
            sys.modules.pop(module, None)
        importlib.invalidate_caches()


@pytest.fixture
def installed_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[InstalledPlugins]:
    """Install plugins for this test only (llm's tests register theirs the same
    way): `installed_plugins.channel(FakeChannel)` and `load_channel("fake")`."""
    installed = InstalledPlugins(tmp_path / "installed-plugins", monkeypatch)
    try:
        yield installed
    finally:
        installed.remove()
