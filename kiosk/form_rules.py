"""Cross-field rules of a form (``form.rules`` in the catalogue): what one answer says about another.

A rule compares two operands; an operand is a number field (``{"field": "household_size"}``), the number
of rows of a repeating group (``{"rows": "members"}``), the sum of a number member over the rows
(``{"sum": "members.monthly_income"}``) or a constant (``{"value": 0}``), each optionally with ``plus``.
The 低保 form says: the family members listed are the household size less the applicant::

    {"id": "members_match_household", "left": {"rows": "members"}, "op": "==",
     "right": {"field": "household_size", "plus": -1},
     "message": "按您填写的家庭人数，除您本人外应填写{right}位家庭成员，现在填了{left}位。"}

A rule is checked on the screen of the field it reads last (page order), and only once every operand has
an answer: a missing answer is the field's own error. ``{left}`` and ``{right}`` in the message are the
two numbers as compared. The catalogue check (kiosk/catalog.py) refuses unknown fields and placeholders.
"""

from __future__ import annotations

import dataclasses
import operator
import string
from collections.abc import Callable, Mapping
from typing import Any

OPS: dict[str, Callable[[float, float], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
KINDS = ("field", "rows", "sum", "value")
PLACEHOLDERS = {"left", "right"}


@dataclasses.dataclass(frozen=True, slots=True)
class Operand:
    kind: str  # field | rows | sum | value
    ref: str  # the field id, the group id, group.member; "" for a constant
    plus: float = 0.0
    value: float = 0.0

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Operand:
        kind = next(k for k in KINDS if k in d)
        if kind == "value":
            return cls(kind, "", float(d.get("plus", 0)), float(d["value"]))
        return cls(kind, str(d[kind]), float(d.get("plus", 0)))

    @property
    def top_field(self) -> str:
        """The top-level field it reads (a group for rows and sums), "" for a constant."""
        return self.ref.split(".", 1)[0]


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    id: str
    left: Operand
    op: str
    right: Operand
    message: str

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Rule:
        return cls(
            d["id"], Operand.from_dict(d["left"]), d["op"], Operand.from_dict(d["right"]), d["message"]
        )

    def fields(self) -> list[str]:
        return [f for f in (self.left.top_field, self.right.top_field) if f]

    def broken(self, read: Callable[[Operand], float | None]) -> tuple[float, float] | None:
        """(left, right) when both have an answer and the comparison fails; None when it holds or waits."""
        left, right = read(self.left), read(self.right)
        if left is None or right is None or OPS[self.op](left, right):
            return None
        return left, right

    def says(self, left: float, right: float) -> str:
        """The rule's message with the two numbers filled in."""
        return self.message.format_map({"left": plain(left), "right": plain(right)})


def plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def rule_problems(rule: Mapping[str, Any], fields: Mapping[str, Any]) -> list[str]:
    """What is wrong with a rule of a form whose top-level fields (id -> field object) are ``fields``."""
    out = []
    for side in ("left", "right"):
        operand = Operand.from_dict(rule[side])
        target = fields.get(operand.top_field)
        if operand.kind == "value":
            continue
        if target is None:
            out.append(f"{side} names unknown field {operand.ref!r}")
        elif operand.kind == "field" and target["type"] != "number":
            out.append(f"{side}: {operand.ref!r} is not a number field")
        elif operand.kind == "rows" and target["type"] != "group":
            out.append(f"{side}: {operand.ref!r} is not a repeating group")
        elif operand.kind == "sum":
            member = operand.ref.partition(".")[2]
            found = [m for m in target.get("fields", ()) if m["id"] == member]
            if target["type"] != "group" or not found or found[0]["type"] != "number":
                out.append(f"{side}: {operand.ref!r} is not a number in a repeating group")
    named = {name for _, name, _, _ in string.Formatter().parse(rule["message"]) if name is not None}
    if named - PLACEHOLDERS:
        out.append(f"the message may only use {{left}} and {{right}}, not {sorted(named - PLACEHOLDERS)}")
    return out
