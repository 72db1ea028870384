"""What the model learns from: the seed examples shipped with comptoir, the
shop's own history (tags and the canned replies it answered with) and the
corrections people made. Corrections weigh most: a person said so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from storage.intents.classifier import Classifier, Prepared, prepare
from storage.intents.features import featurise, stack
from storage.intents.model import FitOptions, IntentModel
from storage.intents.settings import BUILT_IN

WEIGHTS = {"seed": 1.0, "history": 1.0, "correction": 3.0}


@dataclass(frozen=True, slots=True)
class Example:
    prepared: Prepared
    intent: str
    source: str  # seed, history or correction

    @property
    def weight(self) -> float:
        return WEIGHTS[self.source]


def seed_examples() -> list[Example]:
    """The shipped examples (storage/intents/examples.tsv)."""
    text = (
        resources.files("storage.intents")
        .joinpath("examples.tsv")
        .read_text(encoding="utf-8")
    )
    found = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        intent, _, sentence = line.partition("\t")
        found.append(Example(prepare("", sentence), intent.strip(), "seed"))
    return found


def example(subject: str, body: str, intent: str, source: str) -> Example:
    return Example(prepare(subject, body), intent, source)


def fit(
    examples: Iterable[Example],
    labels: Sequence[str] = BUILT_IN,
    options: FitOptions | None = None,
) -> Classifier:
    """A classifier fitted on the examples; labels without any example stay in
    (with no weight of their own, they are never chosen until taught)."""
    kept = [e for e in examples if e.intent in labels]
    rows = stack([featurise(e.prepared.body, e.prepared.subject) for e in kept])
    model = IntentModel.fit(
        rows,
        [e.intent for e in kept],
        list(labels),
        [e.weight for e in kept],
        options,
    )
    return Classifier(model)
