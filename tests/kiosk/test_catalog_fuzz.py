"""Any damage to a catalogue file is reported as problems, never as a crash; and whatever passes the
checks builds a usable catalogue (every item's form state works)."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.catalog import BUNDLED_CATALOGUE, CATALOGUE_SCHEMA, catalogue_from_data, check_catalogue
from kiosk.forms import FormState

RAW: dict[str, Any] = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at] if at else []
    if isinstance(node, dict):
        out += [p for k, v in node.items() for p in _paths(v, (*at, k))]
    elif isinstance(node, list):
        out += [p for i, v in enumerate(node) for p in _paths(v, (*at, i))]
    return out


# Damage is concentrated on two items so each example stays small; paths cover every kind of node.
PATHS = [p for p in _paths(RAW) if p[0] != "items" or p[1:2] in ((1,), (2,))]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 40) | st.text(max_size=6) | st.sampled_from(["", " ", "name", "id_card"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "type", "field", "x"]), inner, max_size=3),
    max_leaves=6,
)  # fmt: skip


def _damage(data: dict[str, Any], path: tuple[Any, ...], value: Any, delete: bool) -> None:
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(CATALOGUE_SCHEMA)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values, st.booleans()), min_size=1, max_size=3))
def test_damage_is_reported_never_a_crash(damages: list[tuple[tuple[Any, ...], Any, bool]]) -> None:
    data = copy.deepcopy(RAW)
    data["items"] = data["items"][:3]
    for path, value, delete in damages:
        try:
            _damage(data, path, value, delete)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier damage removed the place
    problems = check_catalogue(data)
    assert all(p.path and p.message for p in problems)
    if not problems:
        catalogue = catalogue_from_data(data)
        for item in catalogue.items:
            state = FormState(item.form)
            state.errors()
            state.pages()
            state.needed_materials([m.id for m in item.guide.materials])
