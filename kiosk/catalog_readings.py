"""The pinyin of a catalogue's names and keywords, worked out when the catalogue is installed, not at run time.

pypinyin's dictionaries cost about 57 MB of resident memory and a noticeable time to load, and a
catalogue's terms change only with the catalogue. So the readings of every Chinese run of every name,
short name and keyword (``runs``: run -> syllables, polyphones read by their phrase) are computed once and
kept beside the catalogue file as ``<name>.pinyin.json``, with the SHA-256 of the catalogue bytes they
belong to:

- the bundled catalogue's ``config/catalogue.pinyin.json`` ships with it (``python -m
  kiosk.catalog_readings config/catalogue.json`` writes it; a test checks it is current);
- a catalogue from the platform gets its own when it is installed (``kiosk.catalog.install_catalogue``,
  or after the sync engine replaced it, in a process of its own so that the terminal never loads
  pypinyin).

The search (``kiosk/catalog_search.py``) reads them; a term whose run is missing, or a file whose digest
does not match, falls back to pypinyin for that run, so a stale file costs time, never a wrong answer.
No numpy and no pypinyin at import.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from offline_cache.files import write_atomically

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff]")
_RUNS = re.compile(r"[\u3400-\u9fff]+|[^\u3400-\u9fff]+")
_DROP = re.compile(r"[\s'’·\-_()（）【】\[\]、，,。.\x00-\x1f]+")

Runs = Mapping[str, tuple[str, ...]]


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, spaces and punctuation dropped ("Di Bao" -> "dibao")."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower())


@lru_cache(maxsize=65536)
def syllables(run: str) -> tuple[str, ...]:
    # The whole run at once, so polyphones read by their phrase. Cached: keywords repeat across items.
    from pypinyin import Style, lazy_pinyin

    out = lazy_pinyin(run, style=Style.NORMAL)
    if len(out) != len(run):
        out = [lazy_pinyin(c, style=Style.NORMAL)[0] for c in run]
    return tuple(out)


@dataclasses.dataclass(frozen=True, slots=True)
class Readings:
    """One term's three searchable forms."""

    text: str
    pinyin: str
    starts: tuple[int, ...]  # offsets in ``pinyin`` where a match may begin (syllable starts)
    initials: str

    @classmethod
    def of(cls, term: str, known: Runs | None = None) -> Readings:
        text = normalize(term)
        pinyin: list[str] = []
        initials: list[str] = []
        starts: list[int] = []
        pos = 0
        for run in _RUNS.findall(text):
            if _CJK.match(run):
                found = known.get(run) if known is not None else None
                for syllable in found if found is not None else syllables(run):
                    starts.append(pos)
                    initials.append(syllable[:1])
                    pinyin.append(syllable)
                    pos += len(syllable)
            else:
                # Latin letters or digits in a name: a match may begin anywhere in them.
                starts.extend(range(pos, pos + len(run)))
                initials.append(run)
                pinyin.append(run)
                pos += len(run)
        return cls(text, "".join(pinyin), tuple(starts), "".join(initials))


def terms(data: Mapping[str, Any]) -> Iterable[str]:
    """Every searchable term of a parsed catalogue, as the search index reads them."""
    for item in data.get("items", ()):
        yield item["name"]
        if item.get("short_name"):
            yield item["short_name"]
        yield from item.get("keywords", ())


def compute_runs(data: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    runs = {run for term in terms(data) for run in _RUNS.findall(normalize(term)) if _CJK.match(run)}
    return {run: syllables(run) for run in sorted(runs)}


def readings_path(catalogue_path: Path) -> Path:
    return catalogue_path.with_name(catalogue_path.stem + ".pinyin.json")


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def write_readings(catalogue_path: Path, *, private: bool = True) -> Path:
    """Compute and store the readings of the catalogue file at ``catalogue_path`` (loads pypinyin).
    ``private``: in the owner-only data folder (not for the bundled file's, which ships readable)."""
    raw = catalogue_path.read_bytes()
    runs = compute_runs(json.loads(raw.decode("utf-8")))
    lines = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(list(v))}" for k, v in runs.items()]
    head = json.dumps({"catalogue_sha256": digest(raw)})[:-1]  # one run a line, for readable diffs
    text = head + ', "runs": {\n' + ",\n".join(lines) + "\n}}\n"
    out = readings_path(catalogue_path)
    write_atomically(out, text.encode("utf-8"), private=private)
    if not private:
        out.chmod(0o644)
    return out


def read_readings(catalogue_path: Path, raw: bytes) -> dict[str, tuple[str, ...]]:
    """The stored readings of this catalogue's bytes; {} when none are stored or they belong to others."""
    try:
        body = json.loads(readings_path(catalogue_path).read_bytes())
        if body["catalogue_sha256"] != digest(raw):
            log.info("pinyin readings of %s are stale; the search computes them", catalogue_path.name)
            return {}
        return {str(k): tuple(str(s) for s in v) for k, v in body["runs"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_readings_apart(catalogue_path: Path) -> bool:
    """``write_readings`` in a process of its own, so that this one never holds pypinyin's dictionaries
    (the running terminal, after the sync engine installed a new catalogue). False if that failed: the
    search then reads the missing runs itself."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "kiosk.catalog_readings", "--private", str(catalogue_path)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        log.warning("pinyin readings of %s not computed (exit %d)", catalogue_path.name, done.returncode)
    return done.returncode == 0


def main(argv: list[str]) -> int:
    """``python -m kiosk.catalog_readings [--private] [CATALOGUE.json ...]`` (default: the bundled one)."""
    private = "--private" in argv
    names = [a for a in argv if a != "--private"]
    for name in names or [str(Path(__file__).resolve().parent.parent / "config" / "catalogue.json")]:
        print(write_readings(Path(name), private=private))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
