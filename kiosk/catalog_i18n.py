"""The catalogue in a second language: ``translations`` maps each language to {Chinese text: its text}.

The catalogue is written in Chinese; a translation is a table keyed by the Chinese text, as Qt's
translation files are keyed by the source text, so one entry serves every place the same words appear
(an option 其他 in thirty forms) and the platform can send it with the catalogue. ``localized_data`` puts
the table's words in place of the Chinese ones; words without an entry stay Chinese. Codes, ids, option
values and conditions are never touched; the search keywords keep their Chinese (and the Chinese names
join them), so pinyin initials ("dbsq") still find 低保 on an English screen.

``check_translations`` reports what a schema cannot: an entry for words the catalogue does not have (a
stale entry, after the Chinese changed), Chinese punctuation in another language's text ("mixed
punctuation": "Fee：none（free）"), and placeholders such as ``{left}`` that the translation lost or added.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

# Keys whose string values are codes, ids or values a program compares: never translated. (A list of
# objects under such a key, such as the catalogue's ``categories``, still has its names translated.)
FIXED_KEYS = frozenset(
    {
        "id", "code", "basic_code", "value", "pictogram", "phone", "credit_code", "version", "published",
        "area_code", "department", "categories", "material", "field", "rows", "sum", "equals", "not_equals",
        "in", "answered", "level", "type", "prefill", "list_type", "power_kind", "applicants", "channels",
        "original_or_copy", "signature", "kind", "template", "sample_image",
    }
)  # fmt: skip
CHINESE_PUNCTUATION = re.compile("[，。：；（）“”‘’、！？【】《》「」…]")


def localized_data(data: Mapping[str, Any], language: str) -> dict[str, Any]:
    """``data`` with the words of ``language`` where the catalogue has them."""
    table: Mapping[str, str] = data.get("translations", {}).get(language, {})
    out: dict[str, Any] = _swap(data, table, "")
    for original, item in zip(data["items"], out["items"], strict=True):
        names = [original["name"], *([original["short_name"]] if "short_name" in original else [])]
        item["keywords"] = [*original.get("keywords", ()), *names]
    return out


def _swap(node: Any, table: Mapping[str, str], key: str) -> Any:
    if key in ("keywords", "translations"):
        return node
    if isinstance(node, str):
        return node if key in FIXED_KEYS else table.get(node, node)
    if isinstance(node, dict):
        return {k: _swap(v, table, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_swap(v, table, key) for v in node]
    return node


def _texts(node: Any, key: str = "") -> Iterator[str]:
    if key == "translations":
        return
    if isinstance(node, str):
        if key not in FIXED_KEYS:
            yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _texts(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _texts(v, key)


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # a lone brace: no placeholders, and not ours to judge here
        return set()


def check_translations(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Problems of the ``translations`` of a catalogue, as (path, message)."""
    out: list[tuple[str, str]] = []
    texts = set(_texts(data))
    for language, table in data.get("translations", {}).items():
        for source, text in table.items():
            at = f"translations.{language}[{source[:20]!r}]"
            if source not in texts:
                out.append((at, "no text of the catalogue reads like this (stale entry?)"))
            if CHINESE_PUNCTUATION.search(text):
                out.append((at, "Chinese punctuation in a translation (mixed punctuation)"))
            if _placeholders(text) != _placeholders(source):
                out.append((at, "the translation's placeholders differ from the original's"))
    return out


def untranslated(data: Mapping[str, Any], language: str, keys: frozenset[str]) -> list[str]:
    """Texts under ``keys`` (at any depth) that ``language`` has no entry for: what still shows in Chinese."""
    table = data.get("translations", {}).get(language, {})
    found: list[str] = []

    def walk(node: Any, key: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in keys and node not in table and node not in found:
            found.append(node)

    walk(data, "")
    return found
