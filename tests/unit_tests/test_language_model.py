"""The detector's model cache: made once, mapped after, and never in the way."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import language_model
from storage.languages import Detector


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "comptoir"


def _detections(detector: Detector) -> list[str]:
    texts = ("Où est ma commande ?", "Where is my parcel?", "Wo ist mein Paket?")
    return [found.language for t in texts if (found := detector.detect(t))]


def test_made_once_then_read_from_the_cache(cache_home: Path) -> None:
    Detector(("fr", "en", "de")).prepare()
    (folder,) = cache_home.iterdir()
    assert folder.name.startswith("langid-") and folder.name.endswith("-fr-en-de")
    assert sorted(p.name for p in folder.iterdir()) == ["model.npz", "nextmove.npy"]
    stamp = (folder / "nextmove.npy").stat().st_mtime_ns
    assert _detections(Detector(("fr", "en", "de"))) == ["fr", "en", "de"]
    assert (folder / "nextmove.npy").stat().st_mtime_ns == stamp  # read, not made


def test_a_damaged_cache_falls_back_on_the_shipped_model(cache_home: Path) -> None:
    Detector(("fr", "en", "de")).prepare()
    (folder,) = cache_home.iterdir()
    (folder / "model.npz").write_bytes(b"not a model")
    assert _detections(Detector(("fr", "en", "de"))) == ["fr", "en", "de"]


def test_no_cache_directory_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert _detections(Detector(("fr", "en", "de"))) == ["fr", "en", "de"]
    assert language_model._cache_folder(("fr",)) is not None


def test_the_cached_model_ranks_as_the_shipped_one_from_flat_tables(
    cache_home: Path,
) -> None:
    """Its walk tables are machine words (a forked parse worker reading lists
    of ints copied their pages), and it gives the same probabilities."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    languages = ("fr", "en", "de")
    Detector(languages).prepare()
    cached = language_model.load_model(languages)
    shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    shipped.set_languages(list(languages))
    assert not isinstance(cached.tk_output, list)
    assert not isinstance(cached._rowbase, list)
    texts = ("Où est ma commande 1042 ?", "Refund please", "Danke schön", "ok")
    for text in texts:
        assert cached.rank(text) == pytest.approx(shipped.rank(text))


def test_every_known_code_is_one_of_the_shipped_model_s_languages() -> None:
    """storage/language_codes.py lists codes without loading the model (for
    `lang:`): each must be one the model can be narrowed to (set_languages)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from storage.language_codes import KNOWN

    model = LanguageIdentifier.from_model_file(MODEL_FILE)
    assert set(model.nb_classes) >= KNOWN
