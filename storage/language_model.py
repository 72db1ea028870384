"""py3langid's model, restricted to the shop's languages and kept ready.

The model ships xz-compressed: reading it costs ~0.4 s of CPU and ~40 MB in
every process that detects (an import's parse workers each paid both). It is
kept instead in the user cache directory, restricted to the shop's languages
and uncompressed (once per py3langid version and set of languages): its large
part, the automaton that finds the n-grams, is mapped from the file rather
than read, so that it takes a few milliseconds to open and every process maps
the same pages. A cache that cannot be written or read is no error: the
shipped model is read instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from array import array
from collections.abc import Sequence
from contextlib import suppress
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

_TYPECODES = {2: "H", 4: "I", 8: "L"}


def _cache_folder(languages: Sequence[str]) -> Path | None:
    import platformdirs

    try:
        made_by = version("py3langid")
    except PackageNotFoundError:
        return None
    name = f"langid-{made_by}-{'-'.join(languages)}"
    return platformdirs.user_cache_path("comptoir") / name


def _read(folder: Path) -> Any:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    # Item access on a memoryview gives Python ints, as fast as py3langid's array.
    nextmove = memoryview(np.load(folder / "nextmove.npy", mmap_mode="r"))
    with np.load(folder / "model.npz", allow_pickle=False) as data:
        row: array[int] = array(_TYPECODES[data["row"].dtype.itemsize])
        row.frombytes(data["row"].tobytes())
        rowbase = array("q", (data["row"].astype(np.int64) << 8).tobytes())
        model = LanguageIdentifier(
            data["ptc"],
            data["pc"],
            data["classes"].tolist(),
            nextmove,
            array("i", data["output"].astype(np.int32).tobytes()),
            norm_probs=True,
            tk_row=row,
        )
    # The walk's two tables of 100,000 entries as machine words, not lists of
    # Python ints: every int read bumps its refcount, so a forked parse worker
    # copied the pages of both lists (~8 MB each worker).
    model._rowbase = rowbase
    return model


def _write(folder: Path, model: Any) -> None:
    import numpy as np

    def vector(values: array[int]) -> Any:
        return np.frombuffer(values, dtype=f"u{values.itemsize}")

    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".langid-"))
    try:
        np.save(partial / "nextmove.npy", vector(model.tk_nextmove))
        np.savez(
            partial / "model.npz",
            ptc=model.nb_ptc,
            pc=model.nb_pc,
            classes=np.array(model.nb_classes),
            row=vector(model.tk_row),
            output=np.asarray(model.tk_output, dtype=np.int32),
        )
        os.rename(partial, folder)  # whole or absent: another process may read it
    finally:
        shutil.rmtree(partial, ignore_errors=True)  # left only if another won


def load_model(languages: Sequence[str]) -> Any:
    """py3langid's identifier over these languages, probabilities normalised."""
    cache = _cache_folder(languages)
    if cache is not None and cache.is_dir():
        try:
            return _read(cache)
        except (OSError, ValueError, KeyError):
            pass  # damaged or from elsewhere: the shipped model serves
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model.set_languages(list(languages))
    if cache is not None and not cache.exists():
        # A read-only home: the shipped model serves, a little slower.
        with suppress(OSError):
            _write(cache, model)
    return model


def prepare_model(languages: Sequence[str]) -> None:
    """Make the cache now if there is none (before forking workers, so that
    they map one file rather than each reading the shipped model)."""
    cache = _cache_folder(languages)
    if cache is not None and not cache.is_dir():
        load_model(languages)
