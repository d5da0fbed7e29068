"""Search over service items by Chinese text, full pinyin and pinyin initials, ranked, fast per keystroke.

Typing Chinese on a touch screen is slow, so "dbsq" must find 低保申请, "lnz" 老年证办理 and "dibao" 低保.
Every searchable term of an item (name, short name, keywords) is indexed three ways: its text, its full
pinyin with the syllable starts marked, and its initials. A pinyin query matches only from a syllable start
("bao" finds 低保, "ibao" does not).

Speed: the index keeps, for every first character and every first two characters a query can start with,
the items that can possibly match; a query checks only those. Results of single-character queries are
ranked once when the index is built, since they are what every keystroke starts with.

Ranking (lower first): how the term matched (whole term, term start, inside), then which term matched
(name before short name before keywords), then catalogue order (the catalogue lists common items first).
"""

from __future__ import annotations

import dataclasses
import heapq
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

from pypinyin import Style, lazy_pinyin

_CJK = re.compile(r"[\u3400-\u9fff]")
_DROP = re.compile(r"[\s'’·\-_()（）【】\[\]、，,。.]+")
_TERM_WEIGHT = {"name": 0, "short_name": 0, "keyword": 1}
WORST = 99


class Searchable(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def short_name(self) -> str | None: ...
    @property
    def keywords(self) -> Sequence[str]: ...
    @property
    def category_ids(self) -> Sequence[str]: ...


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, spaces and punctuation dropped ("Di Bao" -> "dibao")."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower())


@dataclasses.dataclass(frozen=True, slots=True)
class _Term:
    weight: int
    text: str  # normalized text
    pinyin: str  # full pinyin, syllables run together
    starts: frozenset[int]  # offsets in ``pinyin`` where a syllable starts
    initials: str

    @classmethod
    def of(cls, text: str, weight: int) -> _Term:
        norm = normalize(text)
        pinyin: list[str] = []
        initials: list[str] = []
        starts: list[int] = []
        pos = 0
        for run in re.findall(r"[\u3400-\u9fff]+|[^\u3400-\u9fff]+", norm):
            if _CJK.match(run):
                # The whole run at once, so polyphones read by their phrase (重度 zhongdu, 重新 chongxin).
                syllables = lazy_pinyin(run, style=Style.NORMAL)
                if len(syllables) != len(run):
                    syllables = [lazy_pinyin(c, style=Style.NORMAL)[0] for c in run]
                for syllable in syllables:
                    starts.append(pos)
                    initials.append(syllable[:1])
                    pinyin.append(syllable)
                    pos += len(syllable)
            else:
                # Latin letters or digits in a name: any position may start a match.
                starts.extend(range(pos, pos + len(run)))
                initials.append(run)
                pinyin.append(run)
                pos += len(run)
        return cls(weight, norm, "".join(pinyin), frozenset(starts), "".join(initials))

    def prefixes(self) -> set[str]:
        """Every 1- and 2-character string a matching query can start with."""
        out: set[str] = set()
        for source in (self.text, self.initials):
            for i in range(len(source)):
                out.add(source[i])
                out.add(source[i : i + 2])
        for i in self.starts:
            out.add(self.pinyin[i])
            out.add(self.pinyin[i : i + 2])
        return out

    def score(self, q: str, latin: bool) -> int:
        """0 whole term, 1 term start, 2 inside; plus 3 per weight step; WORST when it does not match."""
        level = _level(self.text, q)
        if latin:
            level = min(level, _level(self.initials, q), self._pinyin_level(q))
        return level + 3 * self.weight if level < WORST else WORST

    def _pinyin_level(self, q: str) -> int:
        if self.pinyin == q:
            return 0
        if self.pinyin.startswith(q):
            return 1
        i = self.pinyin.find(q, 1)
        while i != -1:
            if i in self.starts:
                return 2
            i = self.pinyin.find(q, i + 1)
        return WORST


def _level(term: str, q: str) -> int:
    if term == q:
        return 0
    if term.startswith(q):
        return 1
    return 2 if q in term else WORST


class SearchIndex:
    """Build once per catalogue (a few ms per hundred items); ``search`` is then cheap enough per keystroke."""

    def __init__(self, items: Sequence[Searchable]) -> None:
        self.items = list(items)
        self._terms: list[tuple[_Term, ...]] = [tuple(self._terms_of(it)) for it in self.items]
        buckets: dict[str, set[int]] = defaultdict(set)
        for index, terms in enumerate(self._terms):
            for term in terms:
                for key in term.prefixes():
                    buckets[key].add(index)
        self._buckets = {k: sorted(v) for k, v in buckets.items()}
        self._first: dict[str, list[int]] = {
            k: self._rank(k, v) for k, v in self._buckets.items() if len(k) == 1
        }  # fmt: skip

    @staticmethod
    def _terms_of(item: Searchable) -> Iterable[_Term]:
        yield _Term.of(item.name, _TERM_WEIGHT["name"])
        if item.short_name:
            yield _Term.of(item.short_name, _TERM_WEIGHT["short_name"])
        for word in item.keywords:
            yield _Term.of(word, _TERM_WEIGHT["keyword"])

    def _score(self, index: int, q: str, latin: bool) -> int:
        return min(t.score(q, latin) for t in self._terms[index])

    def _rank(self, q: str, candidates: Iterable[int], limit: int | None = None) -> list[int]:
        latin = not _CJK.search(q)
        scored = ((self._score(i, q, latin), i) for i in candidates)
        hits = (pair for pair in scored if pair[0] < WORST)
        ranked = heapq.nsmallest(limit, hits) if limit is not None else sorted(hits)
        return [i for _, i in ranked]

    def search(self, text: str, limit: int = 20, category: str | None = None) -> list[Searchable]:
        """Items matching ``text`` (Chinese, pinyin or initials), best first; "" lists the category's items."""
        q = normalize(text)
        if not q:
            chosen: Iterable[int] = range(len(self.items))
            if category is not None:
                chosen = (i for i in chosen if category in self.items[i].category_ids)
            return [self.items[i] for i in list(chosen)[:limit]]
        if len(q) == 1:
            ranked = self._first.get(q, [])
            if category is not None:
                ranked = [i for i in ranked if category in self.items[i].category_ids]
            return [self.items[i] for i in ranked[:limit]]
        candidates: Iterable[int] = self._buckets.get(q[:2], ())
        if category is not None:
            candidates = (i for i in candidates if category in self.items[i].category_ids)
        return [self.items[i] for i in self._rank(q, candidates, limit)]


def substring_scan(items: Sequence[Searchable], text: str, limit: int = 20) -> list[Searchable]:
    """The baseline the benchmark compares with: names containing the text, in catalogue order."""
    return [it for it in items if text in it.name][:limit]
