"""The language codes comptoir knows, alone: `lang:` in a search checks its
code here without loading the detector (storage/languages.py)."""

from __future__ import annotations

# Languages py3langid's model knows, by ISO 639 code (it knows 28 more, mostly
# three-letter codes, which comptoir never offered; a test holds the subset).
_CODES = (
    "af am an ar as az be bg bn br bs ca cs cy da de dz el en eo es et eu fa fi fo "
    "fr fy ga gd gl gu ha he hi hr ht hu hy id ig is it ja jv ka kk km kn ko ku ky "
    "la lb lg lo lt lv mg mk ml mn mr ms mt my ne nl nn no oc om or pa pl ps pt qu "
    "ro ru rw sa se si sk sl sn so sq sr st sv sw ta te tg th tk tl tr tt ug uk ur "
    "uz vi vo wa xh yo zh zu"
)
KNOWN = frozenset(_CODES.split())
