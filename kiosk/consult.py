"""Guided consultation ("which service do I need?", 智能咨询, plan §7 and §11): two or three plain questions
and the items they point to, from the catalogue alone, so that it works offline.

The questions are life events (who is it for, what happened, money or a paper), the answers name the
catalogue's own categories, and the suggestions are the items of those categories ranked by how many of
the answers they match. Nothing is sent anywhere and nothing personal is asked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any


@dataclasses.dataclass(frozen=True, slots=True)
class Answer:
    id: str
    words: str  # the message code's text (kiosk/messages/services.py): "consult.<question>.<answer>"
    categories: frozenset[str] = frozenset()  # catalogue category ids it points to
    power_kinds: frozenset[str] = frozenset()  # money or paper: the item's power kind


@dataclasses.dataclass(frozen=True, slots=True)
class Question:
    id: str
    answers: tuple[Answer, ...]


def _a(question: str, answer: str, categories: str = "", kinds: str = "") -> Answer:
    return Answer(
        answer,
        f"consult.{question}.{answer}",
        frozenset(categories.split()),
        frozenset(kinds.split()),
    )


ANYTHING = "any"  # "not sure" / "both": the question narrows nothing

QUESTIONS: tuple[Question, ...] = (
    Question(
        "who",
        (
            _a("who", "self"),
            _a("who", "child", "birth education household medical disability"),
            _a("who", "elder", "elderly pension medical social_assistance death disability"),
            _a("who", "family", "household social_assistance housing death"),
        ),
    ),
    Question(
        "what",
        (
            _a("what", "birth", "birth household"),
            _a("what", "school", "education"),
            _a("what", "old_age", "elderly pension"),
            _a("what", "illness", "medical disability social_assistance"),
            _a("what", "death", "death household"),
            _a("what", "farming", "farming forestry tax"),
            _a("what", "house", "housing"),
            _a("what", "hardship", "social_assistance"),
            _a("what", "work", "employment business tax"),
            _a("what", "papers", "household proof"),
        ),
    ),
    Question(
        "want",
        (
            _a("want", "money", kinds="payment"),
            _a("want", "paper", kinds="licence confirmation other public_service"),
            _a("want", ANYTHING),
        ),
    ),
)
QUESTION_IDS = tuple(q.id for q in QUESTIONS)
MAX_SUGGESTIONS = 6


def question(question_id: str) -> Question:
    return next(q for q in QUESTIONS if q.id == question_id)


def answer(question_id: str, answer_id: str) -> Answer:
    return next(a for a in question(question_id).answers if a.id == answer_id)


def suggest(items: Sequence[Any], answers: Mapping[str, str], limit: int = MAX_SUGGESTIONS) -> list[Any]:
    """The catalogue's items that fit the answers (question id -> answer id), best first.

    What happened must match (an item of one of its categories); who it is for and money-or-paper only
    rank, so an unusual case still finds its item. The consultation item itself (category ``consult``)
    comes last, as the way to a person when nothing else fits."""
    what = answer("what", answers["what"]) if "what" in answers else None
    who = answer("who", answers["who"]) if "who" in answers else None
    want = answer("want", answers["want"]) if "want" in answers else None
    scored = []
    for n, item in enumerate(items):
        cats = set(item.category_ids)
        if what is not None and not cats & what.categories:
            continue
        score = len(cats & what.categories) if what is not None else 0
        score += 2 if who is not None and cats & who.categories else 0
        score += 2 if want is not None and item.power_kind in want.power_kinds else 0
        scored.append((-score, n, item))
    found = [item for _s, _n, item in sorted(scored, key=lambda t: (t[0], t[1]))][:limit]
    advice = next((i for i in items if "consult" in i.category_ids), None)
    if advice is not None and advice not in found:
        found.append(advice)
    return found
