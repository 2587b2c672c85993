"""The English switch is complete: every Vietnamese phrase the pages show through `_()` — written in
a template, in a view, or taken from a label table — has its English in dondoc/web/data/en.yaml,
and the file itself is a clean mapping of Vietnamese to English."""

from __future__ import annotations

import re
from pathlib import Path

from dondoc.notify.views import KIND_LABELS
from dondoc.plans import views as plan_pages
from dondoc.reporting.schemas import ITEM_STATUS_LABELS, REPORT_STATUS_LABELS
from dondoc.reporting.views import FIELD_MESSAGES, NOTICES
from dondoc.scoring import progress, ranking, timeliness
from dondoc.web.i18n import english
from dondoc.web.templating import ROLE_LABELS
from dondoc.web.views import ERROR_TITLES, LOGIN_FAILED

PACKAGE = Path(__file__).resolve().parents[2] / "dondoc"
CALL = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)+)"|'((?:[^'\\]|\\.)+)')""")
VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)


def phrases_in_code() -> set[str]:
    found: set[str] = set()
    files = [*PACKAGE.glob("web/templates/**/*.html"), *PACKAGE.glob("*/views.py")]
    for path in files:
        for a, b in CALL.findall(path.read_text(encoding="utf-8")):
            found.add((a or b).replace('\\"', '"'))
    return found


def phrases_in_tables() -> set[str]:
    return {
        *ROLE_LABELS.values(),
        *(vi for vi, _en in ITEM_STATUS_LABELS.values()),
        *(vi for vi, _en in REPORT_STATUS_LABELS.values()),
        *progress.LABELS_VI.values(),
        *timeliness.LABELS_VI.values(),
        *KIND_LABELS.values(),
        *NOTICES.values(),
        *plan_pages.NOTICES.values(),
        *FIELD_MESSAGES.values(),
        *ERROR_TITLES.values(),
        LOGIN_FAILED,
        progress.FORMULA_VI,
        ranking.SCORE_FORMULA_VI,
        timeliness.RATES_FORMULA_VI,
    }


def test_every_phrase_has_its_english() -> None:
    table = english()
    missing = sorted(p for p in phrases_in_code() | phrases_in_tables() if p not in table)
    assert missing == [], f"{len(missing)} phrases without English in en.yaml: {missing[:20]}"


def test_the_english_file_is_a_clean_mapping() -> None:
    table = english()
    assert table, "en.yaml is empty"
    for vi, en in table.items():
        assert vi.strip() == vi and en.strip() == en and en, f"blank or padded entry: {vi!r}"
        assert not VIETNAMESE.search(en), f"the English of {vi!r} still has Vietnamese letters: {en!r}"
        # a placeholder such as {n} must survive the translation
        assert set(re.findall(r"{\w+}", vi)) == set(re.findall(r"{\w+}", en)), vi
