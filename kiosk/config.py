"""Configuration: config/defaults.toml, overridden by a site file, validated at start.

The site file comes from ``KIOSK_CONFIG`` or ``/etc/kiosk/kiosk.toml``. Validation is strict: an unknown
section or key, a wrong type or a value outside its choices stops the start with one ``ConfigError`` that
names the file, the key and the problem. A key that once existed and now means nothing (``_OBSOLETE``) is
ignored with a warning naming the file and the key, so a fleet's site files need not change on the day
of an upgrade.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tomllib
from pathlib import Path
from typing import Any, ClassVar

from drivers.backends import CAMERAS, CARD_READERS, PRINTERS
from kiosk.errors import KioskError

DEFAULTS_PATH = Path(__file__).resolve().parent.parent / "config" / "defaults.toml"
SITE_PATH = Path("/etc/kiosk/kiosk.toml")
log = logging.getLogger(__name__)

# section -> key -> (type, allowed values or None)
_CHOICES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("card_reader", "backend"): CARD_READERS.names(),
    ("printer", "backend"): PRINTERS.names(),
    ("printer", "paper_mm"): (58, 80),
    ("printer", "dpi"): (203, 180),
    ("camera", "backend"): CAMERAS.names(),
    ("ui", "language"): ("zh_CN", "en"),
    ("ui", "speech"): ("none", "espeak"),
    ("a4", "backend"): ("none", "cups"),
}

# section -> key -> the smallest and largest value that makes sense (the admin area's settings writer
# refuses the others with the same words as the start does).
_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("printer", "port"): (1, 65535),
    ("printer", "baud"): (1200, 921600),
    ("card_reader", "baud"): (1200, 921600),
    ("camera", "fps"): (1, 120),
    ("platform", "timeout_s"): (1, 600),
    ("sync", "interval_s"): (1, 86400),
    ("sync", "retention_days"): (1, 3650),
    ("ui", "idle_timeout_s"): (15, 3600),
    ("ui", "idle_countdown_s"): (5, 600),
}

# (section, key) -> why it is ignored. Both keys used to let a deployed terminal start the demo's platform.
_OBSOLETE: dict[tuple[str, str], str] = {
    ("platform", "url"): "平台地址来自 kiosk enroll (the platform URL comes from `kiosk enroll URL CODE`)",
    ("platform", "embedded"): "内置平台只用于演示 (the embedded platform runs only with `kiosk run --demo`)",
}


class ConfigError(KioskError):
    """The configuration cannot be used. ``str()`` names the file, the key and the problem."""

    code: ClassVar[str] = "config.invalid"

    def __init__(self, file: Path | str, key: str, problem: str) -> None:
        self.file = str(file)
        self.key = key
        self.problem = problem
        where = f"{self.file}: {key}" if key else self.file
        super().__init__(f"配置错误 (configuration error) {where}: {problem}")


@dataclasses.dataclass(frozen=True)
class Config:
    data: dict[str, dict[str, Any]]
    sources: tuple[str, ...]

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.data[name])

    def get(self, section: str, key: str) -> Any:
        return self.data[section][key]


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as exc:
        raise ConfigError(path, "", "文件不存在 (file not found)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"不是有效的 TOML (not valid TOML): {exc}") from exc
    except OSError as exc:
        raise ConfigError(path, "", f"无法读取 (cannot read): {exc.strerror}") from exc


def _type_name(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "number", str: "string"}.get(
        type(value), type(value).__name__
    )


def _merge(base: dict[str, dict[str, Any]], override: dict[str, Any], path: Path) -> None:
    for section, values in override.items():
        if section not in base:
            raise ConfigError(path, f"[{section}]", "未知的配置节 (unknown section)")
        if not isinstance(values, dict):
            raise ConfigError(path, f"[{section}]", "应为一个配置节 (must be a table)")
        for key, value in values.items():
            full = f"{section}.{key}"
            if (section, key) in _OBSOLETE:
                log.warning(
                    "配置项已废弃，将被忽略 (obsolete key, ignored) %s: %s: %s",
                    path,
                    full,
                    _OBSOLETE[section, key],
                )
                continue
            if key not in base[section]:
                raise ConfigError(path, full, "未知的配置项 (unknown key)")
            default = base[section][key]
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if type(value) is not type(default):
                raise ConfigError(
                    path,
                    full,
                    f"应为 {_type_name(default)}，实际为 {_type_name(value)} "
                    f"(expected {_type_name(default)}, got {_type_name(value)})",
                )
            choices = _CHOICES.get((section, key))
            if choices is not None and value not in choices:
                allowed = ", ".join(str(c) for c in choices)
                raise ConfigError(
                    path, full, f"取值 {value!r} 无效，可选: {allowed} (must be one of: {allowed})"
                )
            if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
                raise ConfigError(path, full, "不能为负数 (must not be negative)")
            _check_range(path, section, key, value)
            base[section][key] = value


def _check_range(path: Path, section: str, key: str, value: Any) -> None:
    bounds = _RANGES.get((section, key))
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        lo, hi = (f"{b:g}" for b in bounds)
        raise ConfigError(
            path, f"{section}.{key}", f"取值 {value!r} 超出范围 {lo}–{hi} (must be between {lo} and {hi})"
        )


def site_config_path() -> Path | None:
    env = os.environ.get("KIOSK_CONFIG")
    if env:
        return Path(env)
    return SITE_PATH if SITE_PATH.exists() else None


def load_config(site: Path | None = None, overrides: dict[str, dict[str, Any]] | None = None) -> Config:
    """Load the defaults, then the site file (``site`` or ``site_config_path()``), then ``overrides``."""
    data: dict[str, dict[str, Any]] = {k: dict(v) for k, v in _read(DEFAULTS_PATH).items()}
    sources = [str(DEFAULTS_PATH)]
    site = site if site is not None else site_config_path()
    if site is not None:
        _merge(data, _read(site), site)
        sources.append(str(site))
    if overrides:
        _merge(data, overrides, Path("<command line>"))
    return Config(data=data, sources=tuple(sources))


def data_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The terminal's data folder: ``--home``, else ``KIOSK_HOME``, else the per-user data folder."""
    if explicit:
        home = Path(explicit)
    elif os.environ.get("KIOSK_HOME"):
        home = Path(os.environ["KIOSK_HOME"])
    else:
        import platformdirs

        home = Path(platformdirs.user_data_dir("village-kiosk", appauthor=False))
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    return home
