"""The form engine: a form description (``FormSpec``) plus answers (``FormState``) -> values and errors.

No Qt here: the UI renders ``FormState.pages()`` (one topic per screen) and shows ``errors()`` next to each
field. A description comes from the catalogue (``item.form``); its JSON shape is in
``config/catalogue.schema.json`` (``$defs/form``).

Field ids inside a repeating group are addressed as ``group.row.field`` (``members.0.id_number``), in
``set()``, ``errors()`` and ``error_codes()``. A field whose ``visible_if`` does not hold has no value and no
error; a condition may also name ``group.member`` and then holds if any row matches ("a family member is
disabled"). Fields prefilled from an ID card are locked unless the field says ``prefill_editable``.
A form may also state rules across fields (``form.rules``, kiosk/form_rules.py: "the members listed are the
household less the applicant"); a field's ``help_if`` shows its help only when the condition holds (a hint
about an earlier page only when something was entered there), and a number's ``unit`` joins its label.

The words the engine composes (its messages, a group row's label, 是/否, units) come from ``templates``,
the Chinese of ``kiosk.messages.forms`` unless the UI passes their translation.

Errors::

    FormError        form.error
    ├── UnknownField form.unknown_field  no such field (or row) in this form
    └── FieldLocked  form.locked         the value was read from the ID card and may not be changed
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from drivers.card.identity import CardSource, Identity
from kiosk import china_time
from kiosk.errors import KioskError
from kiosk.form_rules import Operand, Rule
from kiosk.identifiers import IdentifierError, validate_mobile, validate_resident_id, validate_uscc
from kiosk.messages.forms import LEVEL_NAMES, MESSAGES
from kiosk.privacy import mask_id_number
from kiosk.regions import RegionTree, bundled_regions

FIELD_TYPES = (
    "text", "number", "date", "choice", "region", "id_number", "uscc", "mobile", "bank_account", "address", "yes_no",
    "group",
)  # fmt: skip
PREFILL_SOURCES = ("name", "sex", "nation", "birth_date", "address", "id_number")
_DEFAULT_MAX_LENGTH = {"text": 200, "address": 120}
_BANK_ACCOUNT = re.compile(r"\d{12,30}")


class FormError(KioskError):
    code: ClassVar[str] = "form.error"

    def __init__(self, field_id: str) -> None:
        # Field ids are part of the form description, never personal data.
        self.field_id = field_id
        super().__init__(f"{self.code}: {field_id}")


class UnknownField(FormError):
    code: ClassVar[str] = "form.unknown_field"


class FieldLocked(FormError):
    code: ClassVar[str] = "form.locked"


@dataclasses.dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str


@dataclasses.dataclass(frozen=True, slots=True)
class FieldSpec:
    id: str
    type: str
    label: str
    required: bool = True
    help: str = ""
    prefill: str | None = None
    prefill_editable: bool = False
    visible_if: Mapping[str, Any] | None = None
    min_length: int | None = None
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    unit: str = ""
    not_future: bool = False
    min_age: int | None = None  # date of birth: the item is only for people at least this old today
    options: tuple[Option, ...] = ()
    multiple: bool = False
    level: str | None = None
    min_rows: int | None = None
    max_rows: int | None = None
    row_label: str = ""
    help_if: Mapping[str, Any] | None = None
    fields: tuple[FieldSpec, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FieldSpec:
        simple = {k: v for k, v in d.items() if k not in ("options", "fields")}
        return cls(
            **simple,
            options=tuple(Option(str(o["value"]), str(o["label"])) for o in d.get("options", ())),
            fields=tuple(cls.from_dict(f) for f in d.get("fields", ())),
        )

    def option_label(self, value: str) -> str:
        return next((o.label for o in self.options if o.value == value), value)


@dataclasses.dataclass(frozen=True, slots=True)
class PageSpec:
    id: str
    title: str
    fields: tuple[FieldSpec, ...]
    hint: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class FormSpec:
    pages: tuple[PageSpec, ...]
    # material id -> the condition under which the material is needed; materials not named are always needed.
    conditional_materials: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    rules: tuple[Rule, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FormSpec:
        pages = tuple(
            PageSpec(
                id=p["id"],
                title=p["title"],
                hint=p.get("hint", ""),
                fields=tuple(FieldSpec.from_dict(f) for f in p["fields"]),
            )
            for p in d["pages"]
        )
        needs = tuple((r["material"], r["visible_if"]) for r in d.get("conditional_materials", ()))
        return cls(pages, needs, tuple(Rule.from_dict(r) for r in d.get("rules", ())))

    def fields(self) -> list[FieldSpec]:
        """Top-level fields in page order (group members are inside their group)."""
        return [f for p in self.pages for f in p.fields]

    def field(self, field_id: str) -> FieldSpec:
        for f in self.fields():
            if f.id == field_id:
                return f
        raise UnknownField(field_id)


@dataclasses.dataclass(frozen=True, slots=True)
class FieldError:
    """A validation problem: ``code`` picks the Chinese template in ``kiosk.messages.forms``."""

    code: str
    label: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def message(self, templates: Mapping[str, str] = MESSAGES) -> str:
        params = dict(self.params)
        if "level" in params:
            params["level"] = templates.get(f"form.level.{params['level']}", LEVEL_NAMES[params["level"]])
        return templates.get(self.code, MESSAGES[self.code]).format(label=self.label, **params)


@dataclasses.dataclass(frozen=True, slots=True)
class PageView:
    """One screen: a page of the description with only its visible fields."""

    id: str
    title: str
    hint: str
    fields: tuple[FieldSpec, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class RowValues:
    """What a condition sees for ``group.member``: that member's answer in every row of the group."""

    values: tuple[Any, ...] = dataclasses.field(repr=False)  # the visitor's answers


def holds(condition: Mapping[str, Any], lookup: Callable[[str], Any]) -> bool:
    """Evaluate a ``visible_if`` (or ``help_if``) condition; ``lookup`` gives a field's current value (None if
    unanswered).

    A condition on ``group.member`` holds when it holds for any row ("any family member is disabled").
    """
    if "all" in condition:
        return all(holds(c, lookup) for c in condition["all"])
    if "any" in condition:
        return any(holds(c, lookup) for c in condition["any"])
    found = lookup(condition["answered"] if "answered" in condition else condition["field"])
    values = found.values if isinstance(found, RowValues) else (found,)
    if "answered" in condition:  # anything entered (in any row, for group.member)
        return any(not _is_empty(v) for v in values)
    if "equals" in condition:
        return any(v == condition["equals"] for v in values)
    if "not_equals" in condition:
        return any(v is not None and v != condition["not_equals"] for v in values)
    if "in" in condition:
        return any(v in condition["in"] for v in values)
    raise ValueError(f"unknown condition keys: {sorted(condition)}")


def _is_empty(raw: Any) -> bool:
    return (
        raw is None
        or (isinstance(raw, str) and not raw.strip())
        or (isinstance(raw, list | tuple) and not raw)
    )


def _fold(raw: Any) -> str:
    # Full-width digits and letters (１３８, ＸＹ) come from Chinese input methods: fold them to ASCII.
    return unicodedata.normalize("NFKC", str(raw)).strip()


def parse_date(raw: Any) -> dt.date | None:
    """A date from a date object or a string such as 2024-03-08, 2024/3/8, 20240308 or 2024年3月8日."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _fold(raw)
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


class Validator:
    """Turns one raw answer into (normalized value, error). Region look-ups and "today" are injected."""

    def __init__(self, regions: RegionTree, today: dt.date) -> None:
        self.regions = regions
        self.today = today

    def check(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        if f.type == "yes_no" and isinstance(raw, bool):
            return raw, None
        if _is_empty(raw):
            if not f.required:
                return None, None
            code = {
                "choice": "form.choice.required", "yes_no": "form.yes_no.required", "region": "form.region.required",
                "mobile": "form.mobile.required", "id_number": "form.id_number.required", "uscc": "form.uscc.required",
                "bank_account": "form.bank_account.required", "date": "form.date.required",
            }.get(f.type, "form.required")  # fmt: skip
            return None, FieldError(code, label)
        method: Callable[[FieldSpec, Any, str], tuple[Any, FieldError | None]] = getattr(self, "_" + f.type)
        return method(f, raw, label)

    def _text(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        text = " ".join(str(raw).split())
        longest = f.max_length or _DEFAULT_MAX_LENGTH.get(f.type, 200)
        if f.min_length is not None and len(text) < f.min_length:
            return text, FieldError("form.text.too_short", label, {"min": f.min_length})
        if len(text) > longest:
            return text, FieldError("form.text.too_long", label, {"max": longest})
        return text, None

    _address = _text

    def _number(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        if isinstance(raw, bool):
            return raw, FieldError("form.number.invalid", label)
        try:
            number = Decimal(_fold(raw).replace(",", "").replace("，", ""))
        except InvalidOperation:
            return raw, FieldError("form.number.invalid", label)
        if not number.is_finite():
            return raw, FieldError("form.number.invalid", label)
        is_whole = number == number.to_integral_value()
        if f.integer and not is_whole:
            return raw, FieldError("form.number.not_integer", label)
        value: int | float = int(number) if is_whole else float(number)
        unit = {"unit": f.unit}
        if f.min is not None and number < Decimal(str(f.min)):
            return value, FieldError("form.number.too_small", label, {"min": _plain(f.min), **unit})
        if f.max is not None and number > Decimal(str(f.max)):
            return value, FieldError("form.number.too_large", label, {"max": _plain(f.max), **unit})
        return value, None

    def _date(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        date = parse_date(raw)
        if date is None:
            return raw, FieldError("form.date.invalid", label)
        if f.not_future and date > self.today:
            return date.isoformat(), FieldError("form.date.future", label)
        if f.min_age is not None and _age(date, self.today) < f.min_age:
            return date.isoformat(), FieldError("form.date.too_young", label, {"age": f.min_age})
        return date.isoformat(), None

    def _choice(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        allowed = {o.value for o in f.options}
        picked = list(raw) if f.multiple and isinstance(raw, list | tuple) else [raw]
        values = [str(v) for v in picked]
        if any(v not in allowed for v in values) or len(set(values)) != len(values):
            return raw, FieldError("form.choice.invalid", label)
        return (values if f.multiple else values[0]), None

    def _region(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        code = _fold(raw)
        if code not in self.regions:
            return raw, FieldError("form.region.invalid", label)
        if f.level and self.regions.get(code).level != f.level:
            return code, FieldError("form.region.level", label, {"level": f.level})
        return code, None

    def _id_number(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        text = _fold(raw).replace(" ", "").upper()
        try:
            return validate_resident_id(text, field=f.id), None
        except IdentifierError:
            code = "form.id_number.length" if len(text) != 18 else "form.id_number.invalid"
            return text, FieldError(code, label)

    def _uscc(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        text = _fold(raw).replace(" ", "").upper()
        try:
            return validate_uscc(text, field=f.id), None
        except IdentifierError:
            return text, FieldError("form.uscc.invalid", label)

    def _mobile(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        try:
            return validate_mobile(_fold(raw), field=f.id), None
        except IdentifierError:
            return raw, FieldError("form.mobile.invalid", label)

    def _bank_account(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        digits = re.sub(r"[\s-]", "", _fold(raw))
        if not _BANK_ACCOUNT.fullmatch(digits):
            return raw, FieldError("form.bank_account.invalid", label)
        return digits, None

    def _yes_no(self, f: FieldSpec, raw: Any, label: str) -> tuple[Any, FieldError | None]:
        if isinstance(raw, bool):
            return raw, None
        answer = {"是": True, "否": False, "true": True, "false": False}.get(_fold(raw).lower())
        if answer is None:
            return raw, FieldError("form.yes_no.invalid", label)
        return answer, None


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


class FormState:
    """The answers to one form. Not thread-safe: it belongs to the session that shows the form."""

    def __init__(
        self,
        spec: FormSpec,
        regions: RegionTree | None = None,
        today: dt.date | None = None,
        templates: Mapping[str, str] = MESSAGES,
    ) -> None:
        self.spec = spec
        self.templates = templates
        self._validator = Validator(regions or bundled_regions(), today or china_time.today())
        self._raw: dict[str, Any] = {}
        self._locked: set[str] = set()
        self._fields = {f.id: f for f in spec.fields()}

    # -- answering ------------------------------------------------------------------------------------
    def prefill(self, identity: Identity) -> set[str]:
        """Fill fields marked ``prefill`` from the card; returns the ids filled. Card values are locked."""
        source = {
            "name": identity.name,
            "sex": identity.sex.value,
            "nation": identity.nation,
            "birth_date": identity.birth_date.isoformat(),
            "address": identity.address,
            "id_number": identity.id_number,
        }
        filled: set[str] = set()
        for f in self._fields.values():
            if f.prefill is None or not source[f.prefill]:
                continue
            value = source[f.prefill]
            if f.type == "choice" and value not in {o.value for o in f.options}:
                continue  # e.g. sex "9" (unstated) on a form offering only 男/女: let the person choose
            self._raw[f.id] = value
            filled.add(f.id)
            if identity.source is not CardSource.MANUAL and not f.prefill_editable:
                self._locked.add(f.id)
        return filled

    def set(self, field_id: str, value: Any) -> None:
        """Answer a field; ``group.row.field`` answers a field of one row of a repeating group."""
        if field_id in self._locked:
            raise FieldLocked(field_id)
        group_id, row, member = self._split(field_id)
        if member is None:
            self._raw[group_id] = (
                [dict(r) for r in value] if self._fields[group_id].type == "group" else value
            )
            return
        self._rows(group_id)[row][member] = value

    def get(self, field_id: str) -> Any:
        group_id, row, member = self._split(field_id)
        if member is None:
            return self._raw.get(group_id)
        return self._rows(group_id)[row].get(member)

    def add_row(self, group_id: str) -> int:
        """Append an empty row to a repeating group; returns its index."""
        if self._field(group_id).type != "group":
            raise UnknownField(group_id)
        rows = self._rows(group_id)
        rows.append({})
        return len(rows) - 1

    def remove_row(self, group_id: str, index: int) -> None:
        rows = self._rows(group_id)
        if not 0 <= index < len(rows):
            raise UnknownField(f"{group_id}.{index}")
        del rows[index]

    def restore(self, values: Mapping[str, Any], locked: Iterable[str] = ()) -> None:
        """Load saved answers (``values()`` of an earlier session), e.g. to finish a supplement (补正).

        Unknown ids are skipped: the item's form may have changed since under a newer catalogue.
        """
        for field_id, value in values.items():
            f = self._fields.get(field_id)
            if f is not None:
                self._raw[field_id] = [dict(r) for r in value] if f.type == "group" else value
        self._locked.update(i for i in locked if i in self._fields)

    def is_locked(self, field_id: str) -> bool:
        return field_id in self._locked

    # -- reading --------------------------------------------------------------------------------------
    def visible_fields(self) -> list[FieldSpec]:
        return [f for f in self.spec.fields() if self._visible(f, None)]

    def pages(self) -> list[PageView]:
        """The screens, their fields as shown: label with unit, help only where ``help_if`` holds."""
        out = []
        for p in self.spec.pages:
            shown = tuple(self._as_shown(f) for f in p.fields if self._visible(f, None))
            if shown:
                out.append(PageView(p.id, p.title, p.hint, shown))
        return out

    def _as_shown(self, f: FieldSpec) -> FieldSpec:
        label = self.templates["form.label_unit"].format(label=f.label, unit=f.unit) if f.unit else f.label
        help_ = f.help if f.help_if is None or holds(f.help_if, self._lookup(None)) else ""
        members = tuple(self._as_shown(m) for m in f.fields)
        if (label, help_, members) == (f.label, f.help, f.fields):
            return f
        return dataclasses.replace(f, label=label, help=help_, fields=members)

    def error_codes(self, page_id: str | None = None) -> dict[str, FieldError]:
        """Problems of the visible fields (of one page, if given), in display order."""
        fields = self.visible_fields()
        if page_id is not None:
            fields = [self._fields[f.id] for p in self.pages() if p.id == page_id for f in p.fields]
        errors: dict[str, FieldError] = {}
        for f in fields:
            self._check_field(f, errors)
        self._check_rules({f.id for f in fields}, errors)
        return errors

    def errors(self, page_id: str | None = None) -> dict[str, str]:
        """``field id -> plain Chinese message`` for every problem of the visible fields."""
        return {k: e.message(self.templates) for k, e in self.error_codes(page_id).items()}

    def is_complete(self) -> bool:
        return not self.error_codes()

    def values(self) -> dict[str, Any]:
        """Answers of the visible fields, normalized where valid (dates ISO, numbers int/float, groups lists)."""
        out: dict[str, Any] = {}
        for f in self.visible_fields():
            if f.type == "group":
                out[f.id] = [self._row_values(f, row) for row in self._raw.get(f.id) or []]
                continue
            value, _ = self._validator.check(f, self._raw.get(f.id), f.label)
            if value is not None:
                out[f.id] = value
        return out

    def display_value(self, field_id: str) -> str:
        """The answer as a villager reads it (choice labels, 是/否), for the confirmation screen. An ID
        number is masked as everywhere on the screen (``kiosk.privacy``): enough to see it is the right one."""
        group_id, _, member = self._split(field_id)
        f = self._fields[group_id]
        if member is not None:
            f = next(m for m in f.fields if m.id == member)
        value, _ = self._validator.check(f, self.get(field_id), f.label)
        if value is None:
            return ""
        if f.type == "choice":
            return "、".join(f.option_label(v) for v in (value if isinstance(value, list) else [value]))
        if f.type == "yes_no" and isinstance(value, bool):
            return self.templates["form.yes" if value else "form.no"]
        if f.type == "number" and f.unit:
            return self.templates["form.value_unit"].format(value=value, unit=f.unit)
        if f.type == "region" and value in self._validator.regions:
            return self._validator.regions.full_name(value)
        if f.type == "id_number":
            return mask_id_number(str(value))
        return str(value)

    def summary(self) -> list[tuple[str, str]]:
        """(label, answer) of every answered visible field, page by page, for the confirmation screen."""
        out: list[tuple[str, str]] = []
        for page in self.pages():
            for f in page.fields:
                if f.type != "group":
                    if (shown := self.display_value(f.id)) != "":
                        out.append((f.label, shown))
                    continue
                for i, row in enumerate(self._raw.get(f.id) or []):
                    for m in f.fields:
                        if (
                            self._visible(m, row, f)
                            and (shown := self.display_value(f"{f.id}.{i}.{m.id}")) != ""
                        ):
                            out.append((self._row_field_label(f, i, m), shown))
        return out

    def needed_materials(self, material_ids: list[str]) -> list[str]:
        """The materials this application needs, given the answers (``conditional_materials``)."""
        rules = dict(self.spec.conditional_materials)
        return [m for m in material_ids if m not in rules or holds(rules[m], self._lookup(None))]

    # -- internals ------------------------------------------------------------------------------------
    def _split(self, field_id: str) -> tuple[str, int, str | None]:
        parts = field_id.split(".")
        if len(parts) == 1:
            self._field(field_id)
            return field_id, -1, None
        if len(parts) != 3 or not parts[1].isdigit():
            raise UnknownField(field_id)
        group = self._field(parts[0])
        if parts[2] not in {m.id for m in group.fields}:
            raise UnknownField(field_id)
        if int(parts[1]) >= len(self._raw.get(parts[0]) or []):
            raise UnknownField(field_id)
        return parts[0], int(parts[1]), parts[2]

    def _field(self, field_id: str) -> FieldSpec:
        if field_id not in self._fields:
            raise UnknownField(field_id)
        return self._fields[field_id]

    def _rows(self, group_id: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self._raw.setdefault(group_id, [])
        return rows

    def _lookup(self, row: Mapping[str, Any] | None, group: FieldSpec | None = None) -> Callable[[str], Any]:
        """Value of a field for conditions: a sibling in the same row first, else a top-level field."""

        def lookup(field_id: str) -> Any:
            if "." in field_id:
                return self._row_values_of(field_id)
            if row is not None and group is not None:
                member = next((m for m in group.fields if m.id == field_id), None)
                if member is not None:
                    return self._validator.check(member, row.get(field_id), member.label)[0]
            f = self._fields.get(field_id)
            if f is None or not self._visible(f, None):
                return None
            return self._validator.check(f, self._raw.get(field_id), f.label)[0]

        return lookup

    def _row_values_of(self, path: str) -> RowValues:
        group_id, member_id = path.split(".", 1)
        group = self._fields.get(group_id)
        if group is None or not self._visible(group, None):
            return RowValues(())
        member = next(m for m in group.fields if m.id == member_id)
        return RowValues(
            tuple(
                self._validator.check(member, row.get(member_id), member.label)[0]
                for row in self._raw.get(group_id) or []
                if self._visible(member, row, group)
            )
        )

    def _visible(self, f: FieldSpec, row: Mapping[str, Any] | None, group: FieldSpec | None = None) -> bool:
        return f.visible_if is None or holds(f.visible_if, self._lookup(row, group))

    def _check_field(self, f: FieldSpec, errors: dict[str, FieldError]) -> None:
        if f.type != "group":
            _, error = self._validator.check(f, self._raw.get(f.id), f.label)
            if error:
                errors[f.id] = error
            return
        rows = self._raw.get(f.id) or []
        fewest = f.min_rows if f.min_rows is not None else (1 if f.required else 0)
        if len(rows) < fewest:
            errors[f.id] = FieldError("form.group.too_few", f.label, {"min": fewest})
        elif f.max_rows is not None and len(rows) > f.max_rows:
            errors[f.id] = FieldError("form.group.too_many", f.label, {"max": f.max_rows})
        for i, row in enumerate(rows):
            for m in f.fields:
                if self._visible(m, row, f):
                    label = self._row_field_label(f, i, m)
                    _, error = self._validator.check(m, row.get(m.id), label)
                    if error:
                        errors[f"{f.id}.{i}.{m.id}"] = error

    def _row_field_label(self, group: FieldSpec, index: int, member: FieldSpec) -> str:
        return self.templates["form.row_field"].format(
            row=group.row_label or group.label, n=index + 1, field=member.label
        )

    def _check_rules(self, checked: Collection[str], errors: dict[str, FieldError]) -> None:
        """Each rule on the screen of the field it reads last, once that field has no error of its own."""
        order = [f.id for f in self.spec.fields()]
        for rule in self.spec.rules:
            anchor = max(rule.fields(), key=order.index)
            if anchor not in checked or anchor in errors:
                continue
            broken = rule.broken(self._operand)
            if broken is not None:
                errors[anchor] = FieldError(
                    "form.rule", self._fields[anchor].label, {"message": rule.says(*broken)}
                )

    def _operand(self, operand: Operand) -> float | None:
        """An operand's number now; None while it has no (valid, visible) answer."""
        if operand.kind == "value":
            return operand.value + operand.plus
        group = self._fields.get(operand.top_field)
        if group is None or not self._visible(group, None):
            return None
        if operand.kind == "rows":
            return len(self._raw.get(group.id) or []) + operand.plus
        if operand.kind == "sum":
            found = self._row_values_of(operand.ref).values
            return sum(float(v) for v in found if isinstance(v, int | float)) + operand.plus
        value, error = self._validator.check(group, self._raw.get(group.id), group.label)
        return None if error or not isinstance(value, int | float) else float(value) + operand.plus

    def _row_values(self, group: FieldSpec, row: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for m in group.fields:
            if self._visible(m, row, group):
                value, _ = self._validator.check(m, row.get(m.id), m.label)
                if value is not None:
                    out[m.id] = value
        return out
