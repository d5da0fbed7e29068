"""The service catalogue (事项目录): items with their codes, guides (办事指南) and forms; loading and versions.

The bundled ``config/catalogue.json`` is the first-boot default. Newer versions come from the platform:
``install_catalogue`` checks a downloaded file and replaces the cached one only if it is valid and not
older; ``load_active_catalogue`` picks the newest valid one of the cached and the bundled catalogue.
Every application records ``item.ref()`` (item code and catalogue version) so the platform knows which
guide and form it was made under.

A catalogue file must pass the JSON Schema (``config/catalogue.schema.json``, also used by the reference
platform) and the content checks of ``check_catalogue`` that a schema cannot express: unique and
well-formed codes that agree with the item's kind, level, area and department; promised time limits at
most half the legal ones; every reference of a form (conditions, materials, prefill) resolvable; a working-day
calendar (``calendar``: holidays and 调休 make-up days, kiosk/workdays.py) that fits its years.

Errors::

    CatalogueError        catalog.error
    ├── CatalogueUnreadable catalog.unreadable  missing file, not UTF-8 JSON
    ├── CatalogueInvalid  catalog.invalid     fails the schema or a content check; ``.problems`` lists all
    ├── CatalogueOutdated catalog.outdated    an older version than the one in use
    └── ItemNotFound      catalog.not_found   no item with that code
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from kiosk import catalog_readings
from kiosk.catalog_checked import CheckedRecord
from kiosk.catalog_i18n import check_translations, localized_data
from kiosk.errors import KioskError
from kiosk.form_rules import rule_problems
from kiosk.forms import FormSpec
from kiosk.identifiers import IdentifierError, validate_uscc
from kiosk.workdays import WorkCalendar, check_calendar
from offline_cache.files import write_atomically

if TYPE_CHECKING:
    from kiosk.catalog_search import SearchIndex

log = logging.getLogger(__name__)
_CODE_PREFIX = re.compile(r"(XK|JF|QR|QT|GG)[0-9][0-9A-Z]*")
BUNDLED_CATALOGUE = Path(__file__).resolve().parent.parent / "config" / "catalogue.json"
SCHEMA_PATH = BUNDLED_CATALOGUE.with_name("catalogue.schema.json")
CATALOGUE_SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class CatalogueError(KioskError):
    code: ClassVar[str] = "catalog.error"


class CatalogueUnreadable(CatalogueError):
    code: ClassVar[str] = "catalog.unreadable"


class CatalogueInvalid(CatalogueError):
    code: ClassVar[str] = "catalog.invalid"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(f"{p.path}: {p.message}" for p in problems[:5])
        more = f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{self.code}: {len(problems)} problem(s): {shown}{more}")


class CatalogueOutdated(CatalogueError):
    code: ClassVar[str] = "catalog.outdated"


class ItemNotFound(CatalogueError, KeyError):
    code: ClassVar[str] = "catalog.not_found"


@dataclasses.dataclass(frozen=True, slots=True)
class Category:
    """A life event (出生, 养老, 社会救助...) with the name of its pictogram for the touch screen."""

    id: str
    name: str
    pictogram: str


@dataclasses.dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    credit_code: str
    level: str


@dataclasses.dataclass(frozen=True, slots=True)
class Material:
    id: str
    name: str
    basis: str
    original_or_copy: str  # original | copy | original_and_copy
    copies: int
    format: str
    signature: str  # none | applicant | seal | applicant_and_seal
    deferrable: bool  # 容缺受理: may be handed in within defer_days
    defer_days: int | None
    e_licence: bool  # the platform fetches it from the e-licence library: nothing to capture
    kind: str  # capture kind: a4 | id_card | free
    required_when: str = ""
    template: str | None = None
    sample_image: str | None = None

    @property
    def needs_capture(self) -> bool:
        return not self.e_licence


@dataclasses.dataclass(frozen=True, slots=True)
class Fee:
    name: str
    amount: str
    basis: str


@dataclasses.dataclass(frozen=True, slots=True)
class ProcessStep:
    name: str
    actor: str
    days: int
    description: str


@dataclasses.dataclass(frozen=True, slots=True)
class Contact:
    name: str
    phone: str
    address: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Faq:
    q: str
    a: str


@dataclasses.dataclass(frozen=True, slots=True)
class Guide:
    applicant_scope: str
    basis: tuple[str, ...]
    conditions: tuple[str, ...]
    materials: tuple[Material, ...]
    legal_days: int  # working days
    promised_days: int  # working days; 0 = on the spot
    free: bool
    fees: tuple[Fee, ...]
    process: tuple[ProcessStep, ...]
    consult: tuple[Contact, ...]
    complain: tuple[Contact, ...]
    notes: tuple[str, ...]
    hours: str
    max_visits: int
    result: str
    delivery: tuple[str, ...] = ()  # station | township | mail: how a paper result reaches the applicant
    visit_hall: bool = False  # the applicant must come to the hall once in person
    faq: tuple[Faq, ...] = ()  # 常见问题


@dataclasses.dataclass(frozen=True, slots=True)
class ServiceItem:
    code: str  # implementation code; stable, the key applications refer to
    basic_code: str
    name: str
    short_name: str | None
    keywords: tuple[str, ...]
    summary: str
    category_ids: tuple[str, ...]
    department: Department
    level: str  # district | township | village
    list_type: str
    power_kind: str  # licence | payment | confirmation | other | public_service
    applicants: tuple[str, ...]  # person | organisation
    agent_allowed: bool
    manual_entry_allowed: bool
    channels: tuple[str, ...]
    guide: Guide
    form: FormSpec
    catalogue_version: str

    def material(self, material_id: str) -> Material:
        for m in self.guide.materials:
            if m.id == material_id:
                return m
        raise KeyError(material_id)

    def ref(self) -> dict[str, str]:
        """What an application records about the item it was made for."""
        return {"item_code": self.code, "catalogue_version": self.catalogue_version}


@dataclasses.dataclass(frozen=True)
class Catalogue:
    version: str
    sample: bool
    title: str
    area_code: str
    area_name: str
    published: str
    categories: tuple[Category, ...]
    departments: tuple[Department, ...]
    items: list[ServiceItem]
    # The working days time limits are counted in: the platform's calendar, else the built-in one.
    calendar: WorkCalendar = dataclasses.field(default_factory=WorkCalendar)
    data: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)  # as parsed
    # The pinyin of its Chinese runs, computed when it was installed (kiosk/catalog_readings.py).
    pinyin: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    _localized: dict[str, Catalogue] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    def localized(self, language: str) -> Catalogue:
        """This catalogue in ``language`` where its ``translations`` have the words (kiosk/catalog_i18n.py);
        Chinese is itself. Built once per language; the codes and the version are the same."""
        if language.startswith("zh") or language not in self.data.get("translations", {}):
            return self
        if language not in self._localized:
            self._localized[language] = _build(localized_data(self.data, language), self.pinyin)
        return self._localized[language]

    def item(self, code: str) -> ServiceItem:
        found = self._by_code.get(code)
        if found is None:
            raise ItemNotFound(code)
        return found

    def category(self, category_id: str) -> Category:
        for c in self.categories:
            if c.id == category_id:
                return c
        raise KeyError(category_id)

    def items_in(self, category_id: str) -> list[ServiceItem]:
        return [it for it in self.items if category_id in it.category_ids]

    def search(self, text: str, limit: int = 20, category: str | None = None) -> list[ServiceItem]:
        """By Chinese text, full pinyin or initials, ranked; counter staff may also type a code (JF001...)."""
        typed = text.strip().upper()
        if _CODE_PREFIX.fullmatch(typed):
            return [it for it in self.items if it.code.startswith(typed) or it.basic_code.startswith(typed)][
                :limit
            ]
        found = self._index.search(text, limit, category)
        return [it for it in found if isinstance(it, ServiceItem)]

    def prepare_search(self) -> None:
        """Build the search index now (on a worker thread) rather than at the first keystroke."""
        _ = self._index

    @cached_property
    def _by_code(self) -> dict[str, ServiceItem]:
        return {it.code: it for it in self.items}

    @cached_property
    def _index(self) -> SearchIndex:
        from kiosk.catalog_search import SearchIndex  # numpy: loaded with the first search, not at start

        return SearchIndex(self.items, self.pinyin)


# -- building -------------------------------------------------------------------------------------------
def _material(d: dict[str, Any]) -> Material:
    return Material(**{"defer_days": None, **d})


def _guide(d: dict[str, Any]) -> Guide:
    return Guide(
        applicant_scope=d["applicant_scope"],
        basis=tuple(d["basis"]),
        conditions=tuple(d["conditions"]),
        materials=tuple(_material(m) for m in d["materials"]),
        legal_days=d["legal_days"],
        promised_days=d["promised_days"],
        free=d["fees"]["free"],
        fees=tuple(Fee(**f) for f in d["fees"].get("items", ())),
        process=tuple(ProcessStep(**s) for s in d["process"]),
        consult=tuple(Contact(**c) for c in d["contacts"]["consult"]),
        complain=tuple(Contact(**c) for c in d["contacts"]["complain"]),
        notes=tuple(d["notes"]),
        hours=d["hours"],
        max_visits=d["max_visits"],
        result=d["result"],
        delivery=tuple(d.get("delivery", ())),
        visit_hall=bool(d.get("visit_hall", False)),
        faq=tuple(Faq(**f) for f in d.get("faq", ())),
    )


def catalogue_from_data(data: dict[str, Any]) -> Catalogue:
    """Check a parsed catalogue file and build the model; ``CatalogueInvalid`` lists every problem."""
    problems = check_catalogue(data)
    if problems:
        raise CatalogueInvalid(problems)
    return _build(data)


def _build(data: dict[str, Any], pinyin: dict[str, tuple[str, ...]] | None = None) -> Catalogue:
    departments = {d["id"]: Department(**d) for d in data["departments"]}
    items = [
        ServiceItem(
            code=it["code"],
            basic_code=it["basic_code"],
            name=it["name"],
            short_name=it.get("short_name"),
            keywords=tuple(it.get("keywords", ())),
            summary=it.get("summary", ""),
            category_ids=tuple(it["categories"]),
            department=departments[it["department"]],
            level=it["level"],
            list_type=it["list_type"],
            power_kind=it["power_kind"],
            applicants=tuple(it["applicants"]),
            agent_allowed=it["agent_allowed"],
            manual_entry_allowed=it["manual_entry_allowed"],
            channels=tuple(it["channels"]),
            guide=_guide(it["guide"]),
            form=FormSpec.from_dict(it["form"]),
            catalogue_version=data["version"],
        )
        for it in data["items"]
    ]
    return Catalogue(
        version=data["version"],
        sample=data["sample"],
        title=data["title"],
        area_code=data["area_code"],
        area_name=data["area_name"],
        published=data["published"],
        categories=tuple(Category(**c) for c in data["categories"]),
        departments=tuple(departments.values()),
        items=items,
        calendar=WorkCalendar.from_data(data.get("calendar")),
        data=data,
        pinyin=pinyin or {},
    )


def read_catalogue_data(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CatalogueUnreadable("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        # A catalogue holds no personal data: saying where the JSON breaks is safe and helps its authors.
        raise CatalogueUnreadable(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    if not isinstance(data, dict):
        raise CatalogueInvalid([Problem("(catalogue)", "the catalogue must be a JSON object")])
    return data


def load_catalogue(path: Path | None = None, checked: CheckedRecord | None = None) -> Catalogue:
    """Load and check a catalogue file (None: the bundled sample catalogue), with the pinyin stored beside
    it. ``checked``: the data folder's record of the files that passed (kiosk/catalog_checked.py); bytes
    it holds are not checked again, bytes that pass are added to it."""
    path = path or BUNDLED_CATALOGUE
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogueUnreadable(f"{path.name}: {exc.strerror}") from None
    data = read_catalogue_data(raw)
    pinyin = catalog_readings.read_readings(path, raw)
    if checked is not None and checked.passed(raw):
        return _build(data, pinyin)
    catalogue = catalogue_from_data(data)
    if checked is not None:
        checked.add(raw)
    return dataclasses.replace(catalogue, pinyin=pinyin)


# -- versions -------------------------------------------------------------------------------------------
def parse_version(version: str) -> tuple[int, int, int]:
    """Split "2026.11.3" into (2026, 11, 3); the schema guarantees the shape."""
    year, month, serial = (int(p) for p in version.split("."))
    return year, month, serial


def is_newer(candidate: str, current: str) -> bool:
    return parse_version(candidate) > parse_version(current)


def install_catalogue(raw: bytes, cached: Path, current_version: str | None = None) -> Catalogue:
    """Check a catalogue downloaded from the platform and make it the cached one, atomically.

    A bad file raises and leaves the cached one untouched. A version older than ``current_version``
    raises ``CatalogueOutdated``; the same version is accepted (the platform may re-send it).
    """
    catalogue = catalogue_from_data(read_catalogue_data(raw))
    if current_version is not None and is_newer(current_version, catalogue.version):
        raise CatalogueOutdated(f"{catalogue.version} is older than {current_version}")
    write_atomically(cached, raw)  # owner-only like all of the data folder
    catalog_readings.write_readings(cached)
    return dataclasses.replace(catalogue, pinyin=catalog_readings.read_readings(cached, raw))


def check_download(data: Any, current_version: str) -> list[object]:
    """Problems with a catalogue downloaded from the platform: invalid, or older than the one in use."""
    problems: list[object] = list(check_catalogue(data))
    version = data.get("version") if isinstance(data, dict) else None
    if not problems and isinstance(version, str) and is_newer(current_version, version):
        problems.append(f"version {version} is older than {current_version}")
    return problems


def load_active_catalogue(cached: Path | None = None) -> Catalogue:
    """The newest valid catalogue: the cached download if it is valid and not older, else the bundled one."""
    return choose_catalogue(cached)[0]


def choose_catalogue(cached: Path | None = None) -> tuple[Catalogue, CatalogueError | None]:
    """``load_active_catalogue``, with the reason a cached download was refused (None: not refused).
    Each file is loaded once, the bundled one only when it is the one used; a record beside ``cached``
    keeps a start from checking files it checked before (kiosk/catalog_checked.py)."""
    if cached is None:
        return load_catalogue(), None
    checked = CheckedRecord(cached.with_name("checked.json"), SCHEMA_PATH)
    if not cached.exists():
        return load_catalogue(None, checked), None
    try:
        downloaded = load_catalogue(cached, checked)
    except CatalogueError as exc:
        log.warning("cached catalogue rejected (%s), using the bundled one", exc.code)
        return load_catalogue(None, checked), exc
    if is_newer(_bundled_version(), downloaded.version):
        return load_catalogue(None, checked), None
    return downloaded, None


def _bundled_version() -> str:
    # The bundled file ships with this code and its tests check it: its version is read, not checked.
    version: str = json.loads(BUNDLED_CATALOGUE.read_bytes())["version"]
    return version


# -- checks ---------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    path: str  # e.g. items[3].guide.materials[0].copies
    message: str


POWER_PREFIX = {"licence": "XK", "payment": "JF", "confirmation": "QR", "other": "QT", "public_service": "GG"}
LEVEL_DIGIT = {"district": "3", "township": "4", "village": "5"}
# Which card field may fill which field type.
PREFILL_TYPES = {
    "name": {"text"}, "sex": {"choice"}, "nation": {"text", "choice"}, "birth_date": {"date"},
    "address": {"address", "text"}, "id_number": {"id_number"},
}  # fmt: skip


def _inline_refs(schema: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    """The schema with every ``$ref`` to a non-recursive definition replaced by the definition itself.

    Same meaning, but jsonschema resolves thousands of references per catalogue otherwise (half the time).
    """
    defs = schema["$defs"]

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if len(node) == 1 and ref.startswith("#/$defs/") and ref[8:] not in keep:
                return inline(defs[ref[8:]])
            return {k: inline(v) for k, v in node.items()}
        return [inline(v) for v in node] if isinstance(node, list) else node

    out: dict[str, Any] = inline(schema)
    return out


@cache
def _validator() -> Any:
    import jsonschema  # only when a catalogue is checked: once per file and release (kiosk/catalog_checked.py)

    schema = _inline_refs(CATALOGUE_SCHEMA, keep={"field", "condition"})
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(catalogue)"


def check_catalogue(data: Any) -> list[Problem]:
    """Every problem of a parsed catalogue file: schema first, then the content rules. Empty = usable."""
    problems = [
        Problem(_path(e.absolute_path), e.message)
        for e in sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    ]
    try:
        _check_content(data, problems)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        # The structure is broken; the schema problems above say where.
        if not problems:
            problems.append(Problem("(catalogue)", f"cannot check the content: {type(exc).__name__}"))
    return problems


def _duplicates(values: list[Any]) -> set[Any]:
    seen: set[Any] = set()
    return {v for v in values if v in seen or seen.add(v)}  # type: ignore[func-returns-value]


def _check_content(data: dict[str, Any], out: list[Problem]) -> None:
    for key in ("categories", "departments"):
        for dup in _duplicates([c["id"] for c in data[key]]):
            out.append(Problem(key, f"duplicate id {dup!r}"))
    departments = {d["id"]: d for d in data["departments"]}
    for i, d in enumerate(data["departments"]):
        try:
            validate_uscc(d["credit_code"])
        except IdentifierError:
            out.append(Problem(f"departments[{i}].credit_code", "not a valid unified social credit code"))
    categories = {c["id"] for c in data["categories"]}
    for field in ("code", "name"):
        for dup in _duplicates([it[field] for it in data["items"]]):
            out.append(Problem("items", f"duplicate item {field} {dup!r}"))
    for i, item in enumerate(data["items"]):
        try:
            _check_item(item, f"items[{i}]", data["area_code"], departments, categories, out)
        except (KeyError, TypeError, AttributeError, ValueError):
            continue  # reported by the schema
    if "calendar" in data:
        out.extend(Problem(path, message) for path, message in check_calendar(data["calendar"]))
    out.extend(Problem(path, message) for path, message in check_translations(data))


def _check_item(
    it: dict[str, Any],
    at: str,
    area: str,
    departments: dict[str, Any],
    categories: set[str],
    out: list[Problem],
) -> None:
    def bad(where: str, message: str) -> None:
        out.append(Problem(f"{at}.{where}" if where else at, message))

    for c in it["categories"]:
        if c not in categories:
            bad("categories", f"unknown category {c!r}")
    if not it["basic_code"].startswith(POWER_PREFIX[it["power_kind"]]):
        bad("basic_code", f"a {it['power_kind']} item's code starts with {POWER_PREFIX[it['power_kind']]}")
    dept = departments.get(it["department"])
    if dept is None:
        bad("department", f"unknown department {it['department']!r}")
    else:
        expected = it["basic_code"] + LEVEL_DIGIT[it["level"]] + area + dept["credit_code"]
        if it["code"] != expected:
            bad("code", f"implementation code should be {expected} (basic code, level, area, department)")
    if (it["list_type"] == "public_service") != (it["power_kind"] == "public_service"):
        bad("list_type", "public service items (GG) and only they belong to the public_service list")
    if it["agent_allowed"] and "agent" not in it["channels"]:
        bad("channels", "agent_allowed items list the 'agent' channel")
    for where, text in _strings(it):
        if not text.strip():
            bad(where, "empty text")
    _check_guide(it["guide"], bad)
    _check_form(it["form"], {m["id"] for m in it["guide"]["materials"]}, bad)


def _strings(node: Any, at: str = "") -> list[tuple[str, str]]:
    """Every string in a JSON value with its path (relative to the node)."""
    if isinstance(node, str):
        return [(at, node)]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, f"{at}.{k}" if at else k)]
    if isinstance(node, list):
        return [s for i, v in enumerate(node) for s in _strings(v, f"{at}[{i}]")]
    return []


def _check_guide(g: dict[str, Any], bad: Any) -> None:
    if g["promised_days"] * 2 > g["legal_days"]:
        bad(
            "guide.promised_days",
            f"promised {g['promised_days']} days is more than half the legal {g['legal_days']}",
        )
    if sum(s["days"] for s in g["process"]) > g["promised_days"]:
        bad("guide.process", "the steps take longer than the promised time limit")
    if g["fees"]["free"] == bool(g["fees"].get("items")):
        bad("guide.fees", "free items list no fees; paid items list each fee with its basis")
    for dup in _duplicates([m["id"] for m in g["materials"]]):
        bad("guide.materials", f"duplicate material id {dup!r}")
    for j, m in enumerate(g["materials"]):
        if m["deferrable"] != ("defer_days" in m):
            bad(f"guide.materials[{j}]", "defer_days is given exactly when the material is deferrable")
        if m["deferrable"] and m["e_licence"]:
            bad(f"guide.materials[{j}]", "an e-licence material is fetched by the platform, never deferred")
    _check_trips(g, bad)


def _check_trips(g: dict[str, Any], bad: Any) -> None:
    """The two-trips check (kiosk/visits.py): the worst path the terminal offers within ``max_visits``."""
    from kiosk.visits import worst_path

    trips = worst_path(_guide(g))
    if len(trips) > g["max_visits"]:
        why = ", ".join(t.why for t in trips)
        bad(
            "guide.max_visits",
            f"the terminal's path needs {len(trips)} trip(s) ({why}), more than max_visits {g['max_visits']}",
        )


def _check_form(form: dict[str, Any], materials: set[str], bad: Any) -> None:
    seen: list[str] = []  # top-level field ids in order, for "conditions refer to earlier fields"
    groups = {
        f["id"]: [m["id"] for m in f["fields"]] for p in form["pages"] for f in p["fields"] if "fields" in f
    }
    for dup in _duplicates([p["id"] for p in form["pages"]]):
        bad("form.pages", f"duplicate page id {dup!r}")
    for p, page in enumerate(form["pages"]):
        for f, field in enumerate(page["fields"]):
            _check_field(field, f"form.pages[{p}].fields[{f}]", (seen, groups), [], bad)
            seen.append(field["id"])
    for dup in _duplicates(seen):
        bad("form", f"duplicate field id {dup!r}")
    for r, rule in enumerate(form.get("conditional_materials", ())):
        if rule["material"] not in materials:
            bad(f"form.conditional_materials[{r}]", f"unknown material {rule['material']!r}")
        for ref in _condition_fields(rule["visible_if"]):
            if not _known(ref, (seen, groups), []):
                bad(f"form.conditional_materials[{r}]", f"condition refers to unknown field {ref!r}")
    top = {f["id"]: f for p in form["pages"] for f in p["fields"]}
    for r, rule in enumerate(form.get("rules", ())):
        for problem in rule_problems(rule, top):
            bad(f"form.rules[{r}]", problem)


Earlier = tuple[list[str], dict[str, list[str]]]  # top-level field ids so far, members of each group


def _known(ref: str, earlier: Earlier, siblings: list[str]) -> bool:
    """A condition may name an earlier top-level field, a sibling in the same row, or group.member."""
    fields, groups = earlier
    if "." in ref:
        group, member = ref.split(".", 1)
        return group in fields and member in groups.get(group, [])
    return ref in fields or ref in siblings


def _condition_fields(cond: dict[str, Any]) -> list[str]:
    if "field" in cond or "answered" in cond:
        return [cond.get("field") or cond["answered"]]
    return [ref for c in cond.get("all", cond.get("any", [])) for ref in _condition_fields(c)]


def _check_field(field: dict[str, Any], at: str, earlier: Earlier, siblings: list[str], bad: Any) -> None:
    kind = field["type"]
    for key in ("visible_if", "help_if"):
        for ref in _condition_fields(field.get(key, {})):
            if not _known(ref, earlier, siblings):
                bad(at, f"{key} refers to {ref!r}, which is not a field before this one")
    if "min_age" in field and kind != "date":
        bad(at, "min_age belongs on a date of birth")
    if "prefill" in field and kind not in PREFILL_TYPES[field["prefill"]]:
        bad(at, f"a {kind} field cannot be prefilled with the card's {field['prefill']}")
    if kind == "choice":
        for dup in _duplicates([o["value"] for o in field["options"]]):
            bad(at, f"duplicate option value {dup!r}")
    for low, high in (("min_length", "max_length"), ("min", "max"), ("min_rows", "max_rows")):
        if low in field and high in field and field[low] > field[high]:
            bad(at, f"{low} is larger than {high}")
    if kind == "group":
        inner: list[str] = []
        for k, member in enumerate(field["fields"]):
            if member["type"] == "group":
                bad(f"{at}.fields[{k}]", "repeating groups cannot be nested")
            _check_field(member, f"{at}.fields[{k}]", earlier, inner, bad)
            inner.append(member["id"])
        for dup in _duplicates(inner):
            bad(at, f"duplicate field id {dup!r} in the group")
