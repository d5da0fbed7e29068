"""Search over service items by Chinese text, full pinyin and pinyin initials, ranked, fast per keystroke.

Typing Chinese on a touch screen is slow, so "dbsq" must find 低保申请, "lnz" 老年证 and "dibao" 低保.
Every searchable term of an item (name, short name, keywords) is indexed three ways: its text, its full
pinyin (polyphones read by phrase, 重度 zhongdu) and its initials. A pinyin query matches only from a
syllable start: "bao" finds 低保, "ibao" does not. The pinyin is computed when the catalogue is installed
(``kiosk/catalog_readings.py``), so a terminal searching its catalogue never loads pypinyin.

How it is fast: each of the three forms of all terms is joined into one long string, so finding a query
is ``str.find`` over one string (C speed) instead of a Python loop over items; where the hits fall
(whole term, term start, inside, which term, which item) is then worked out for all hits at once with
numpy. One-letter queries, the first keystroke of most searches and the ones with the most hits, are
ranked once when the index is built.

Ranking (lower first): how the term matched (0 whole term, 1 term start, 2 inside) plus 3 for a keyword
rather than the name or short name; ties keep catalogue order (the catalogue lists common items first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from kiosk.catalog_readings import Readings, Runs, normalize

_CJK = re.compile(r"[\u3400-\u9fff]")
_SEP = "\x00"  # between terms in the joined strings; normalize() removes it from queries
KEYWORD_PENALTY = 3
NO_MATCH = 99

IntArray = npt.NDArray[np.int64]


class Searchable(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def short_name(self) -> str | None: ...
    @property
    def keywords(self) -> Sequence[str]: ...
    @property
    def category_ids(self) -> Sequence[str]: ...


class _Haystack:
    """One form (text, pinyin or initials) of every term, joined into one string."""

    def __init__(self, forms: list[str], starts: list[tuple[int, ...]] | None) -> None:
        self.joined = _SEP.join(forms)
        offsets = np.zeros(len(forms), dtype=np.int64)
        if forms:
            offsets[1:] = np.cumsum([len(f) + 1 for f in forms[:-1]])
        self.offsets = offsets
        self.lengths = np.array([len(f) for f in forms], dtype=np.int64)
        # Where a match may begin; None: anywhere (text, initials).
        self.may_start: npt.NDArray[np.bool_] | None = None
        if starts is not None:
            may = np.zeros(len(self.joined) + 1, dtype=np.bool_)
            for base, term_starts in zip(offsets.tolist(), starts, strict=True):
                may[[base + s for s in term_starts]] = True
            self.may_start = may

    def hits(self, q: str) -> tuple[IntArray, IntArray]:
        """(term index, level) of every occurrence of ``q`` that starts where a match may start."""
        found: list[int] = []
        find, i = self.joined.find, self.joined.find(q)
        while i != -1:
            found.append(i)
            i = find(q, i + 1)
        pos = np.array(found, dtype=np.int64)
        if self.may_start is not None and len(pos):
            pos = pos[self.may_start[pos]]
        term = np.searchsorted(self.offsets, pos, side="right") - 1
        at_start = pos == self.offsets[term]
        level = np.where(at_start, np.where(self.lengths[term] == len(q), 0, 1), 2)
        return term, level


class SearchIndex:
    """Build once per catalogue version; ``search`` is then cheap enough to run on every keystroke.
    ``known``: the pinyin of the catalogue's Chinese runs, computed when it was installed
    (``kiosk/catalog_readings.py``); a run not in it is read by pypinyin now."""

    def __init__(self, items: Sequence[Searchable], known: Runs | None = None) -> None:
        self.items = list(items)
        term_item: list[int] = []
        penalty: list[int] = []
        readings: list[Readings] = []
        for index, item in enumerate(self.items):
            terms = [(item.name, 0)] + ([(item.short_name, 0)] if item.short_name else [])
            terms += [(word, KEYWORD_PENALTY) for word in item.keywords]
            for term, cost in terms:
                readings.append(Readings.of(term, known))
                term_item.append(index)
                penalty.append(cost)
        self._term_item = np.array(term_item, dtype=np.int64)
        self._penalty = np.array(penalty, dtype=np.int64)
        self._text = _Haystack([r.text for r in readings], None)
        self._pinyin = _Haystack([r.pinyin for r in readings], [r.starts for r in readings])
        self._initials = _Haystack([r.initials for r in readings], None)
        self._categories: dict[str, npt.NDArray[np.bool_]] = {}
        for index, item in enumerate(self.items):
            for category in item.category_ids:
                mask = self._categories.setdefault(category, np.zeros(len(self.items), dtype=np.bool_))
                mask[index] = True
        # A single letter hits a large share of all pinyin: rank those once. A single Chinese character
        # hits few terms and is cheap to search as it comes.
        letters = set(self._initials.joined) | set(self._pinyin.joined)
        self._first = {c: self._rank(c) for c in letters if c.isascii() and c != _SEP}

    def _scores(self, q: str) -> IntArray:
        """Best score per item (NO_MATCH where nothing matched)."""
        stacks = [self._text] if _CJK.search(q) else [self._text, self._pinyin, self._initials]
        best = np.full(len(self.items), NO_MATCH, dtype=np.int64)
        for stack in stacks:
            term, level = stack.hits(q)
            if len(term):
                np.minimum.at(best, self._term_item[term], level + self._penalty[term])
        return best

    def _rank(self, q: str) -> IntArray:
        """Indices of the matching items, best first, catalogue order within a score."""
        best = self._scores(q)
        matched = np.flatnonzero(best < NO_MATCH)
        return matched[np.argsort(best[matched], kind="stable")]

    def search(self, text: str, limit: int = 20, category: str | None = None) -> list[Searchable]:
        """Items matching ``text`` (Chinese, pinyin or initials), best first; "" lists the category's items."""
        q = normalize(text)
        everything = np.ones(len(self.items), dtype=np.bool_)
        in_category = everything if category is None else self._categories.get(category, ~everything)
        if not q:
            return [self.items[i] for i in np.flatnonzero(in_category)[:limit].tolist()]
        ranked = self._first[q] if q in self._first else self._rank(q)
        if category is not None:
            ranked = ranked[in_category[ranked]]
        return [self.items[i] for i in ranked[:limit].tolist()]


def substring_scan(items: Sequence[Searchable], text: str, limit: int = 20) -> list[Searchable]:
    """The baseline the benchmark compares with: names containing the text, in catalogue order."""
    return [it for it in items if text in it.name][:limit]
