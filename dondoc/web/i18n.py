"""The English switch. Templates are written in Vietnamese and wrap each phrase in `_()`; in
English the phrase is looked up in data/en.yaml (Vietnamese → English). A phrase missing there
stays Vietnamese — the consistency test (tests/web/test_i18n.py) keeps the file complete."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dondoc.yamlload import load_yaml

LANGS = ("vi", "en")
LANG_COOKIE = "dondoc_lang"


@lru_cache
def english() -> dict[str, str]:
    with (Path(__file__).parent / "data" / "en.yaml").open(encoding="utf-8") as fh:
        data = load_yaml(fh)
    return {str(k): str(v) for k, v in (data or {}).items()}


def translator(lang: str):
    table = english() if lang == "en" else {}

    def _(text: str, **values: object) -> str:
        out = table.get(text, text)
        return out.format(**values) if values else out

    return _
