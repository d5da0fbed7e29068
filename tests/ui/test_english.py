"""English mode as an English-speaking visitor meets it: the catalogue's names, guides, form labels and
options in English, every message code and status word in English, and English punctuation throughout.

What stays Chinese on purpose: data (the sample villager's name and address, the region names of the
sample region tree, the station's name from the configuration) and the printed papers, which the offices
read."""

from __future__ import annotations

import json
import re
from typing import Any

from ui_helpers import Tapper, wait_page

from kiosk.catalog import BUNDLED_CATALOGUE
from kiosk.catalog_i18n import untranslated

CJK = re.compile(r"[\u3400-\u9fff]")
CHINESE_PUNCTUATION = re.compile("[，。：；（）“”‘’、！？【】《》「」…　]")
# The catalogue texts a screen shows (guide, lists, forms); notes, basis and hours are printed only.
SHOWN = frozenset(
    {"name", "short_name", "summary", "applicant_scope", "conditions", "required_when", "amount", "actor",
     "description", "title", "hint", "label", "help", "row_label", "unit", "message"}
)  # fmt: skip


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_every_message_code_and_status_word_has_its_english(win: Any) -> None:
    from ui.i18n import install_language
    from ui.message_catalogue import entries, read_ts
    from ui.messages import status_word, text_for_code

    translations = read_ts()
    missing, mixed = [], []
    for code, chinese in entries().items():
        english, finished = translations.get((code, chinese), ("", False))
        if not finished or not english.strip():
            missing.append(code)
        elif (
            CJK.search(english)
            or CHINESE_PUNCTUATION.search(english)
            or _placeholders(english) != _placeholders(chinese)
        ):
            mixed.append(code)
    assert missing == [] and mixed == []
    install_language("en")
    try:  # and the compiled file the screens load says the same
        for code, chinese in entries().items():
            english = translations[(code, chinese)][0]
            if code.startswith("status."):
                assert status_word(code.removeprefix("status.")) == english
            elif code != "general":
                assert text_for_code(code) == english, code
    finally:
        install_language("zh_CN")
    assert text_for_code("card.expired") == "您的身份证已过期，请到派出所办理新证。"


def test_the_sample_catalogue_has_english_for_everything_a_screen_shows() -> None:
    data = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))
    assert untranslated(data, "en", SHOWN) == []
    english = data["translations"]["en"].values()
    assert not [t for t in english if CHINESE_PUNCTUATION.search(t)]


def _foreign(texts: list[str]) -> list[str]:
    return [t for t in texts if t and (CJK.search(t) or CHINESE_PUNCTUATION.search(t))]


def test_an_english_visitor_reads_the_guide_and_the_form_in_english(
    win: Any, qtbot: Any, taps: Tapper
) -> None:
    taps.tap(win.header.language, "English")
    home = win.pages["home"]
    assert home.tiles["apply"].text() == "Apply for a service"
    taps.tap(home.tiles["guide"])
    find = wait_page(qtbot, win, "find")
    tiles = find.frequent.findChildren(type(home.tiles["apply"]))
    assert not _foreign([t.text() for t in tiles])
    taps.tap(next(t for t in tiles if t.text() == "Dibao application"))
    guide = wait_page(qtbot, win, "guide")
    sections = [guide.sections.itemAt(i).widget() for i in range(guide.sections.count())]
    shown = [guide.title.plain, guide.hint.plain] + [w.plain for w in sections if hasattr(w, "plain")]
    assert "Minimum living allowance (dibao)" in shown
    assert any("working days" in t for t in shown)
    assert _foreign(shown) == []
    taps.tap(guide.apply_button, "Apply now")
    form = wait_page(qtbot, win, "form")
    while True:
        labels = [form.title.plain, form.hint.plain] + [e.label.plain for e in form.editors.values()]
        choices = [b.text() for e in form.editors.values() for b in e.choices.values()]
        assert _foreign(labels + choices) == [], form.page_id
        taps.tap(form.next_button, "Next")  # nothing answered yet: the reasons, in English
        errors = [e.error.plain for e in form.editors.values() if e.error.plain]
        errors += [g.plain for g in getattr(form, "editors_group", {}).values() if g.plain]
        if not errors:
            break  # a page with nothing to answer went on
        assert _foreign(errors) == [], errors
        if form.page_id == "household":
            assert "People living together in the household (persons)" in labels
            break
        from ui_helpers import answer_form_page

        answer_form_page(taps, qtbot, form)
        taps.tap(form.next_button, "Next")
    assert form.page_id == "household"  # two pages of the form were read and tried
