"""The settings an administrator may change at the terminal, written to the site configuration file.

Only the keys in ``SETTINGS`` (devices, paper, idle timeout, speech, elder mode); the rest of the site file
(station, platform) is the installer's. A change is validated with the very rules the start uses
(``kiosk.config.load_config`` reads the new file before it replaces the old one): a bad value is refused
with a ``ConfigError`` that names the key and the reason, and the file stays byte for byte what it was.
The file is rewritten with tomlkit, so the installer's comments and order survive, through a temporary
file beside it, fsynced and renamed (the old bytes or the new ones after a power cut, never a mix).
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.config import SITE_PATH, Config, ConfigError, load_config


@dataclasses.dataclass(frozen=True, slots=True)
class Setting:
    section: str
    key: str
    label: str  # what the screen calls it (Chinese; the UI translates)
    choices: tuple[Any, ...] = ()  # a closed list shown as buttons; () for a typed value


SETTINGS: tuple[Setting, ...] = (
    Setting("printer", "backend", "打印机类型", ("simulated", "network", "serial", "usb", "file", "cups")),
    Setting("printer", "host", "网络打印机地址"),
    Setting("printer", "port", "网络打印机端口"),
    Setting("printer", "device", "打印机设备（串口或文件）"),
    Setting("printer", "paper_mm", "纸宽（毫米）", (58, 80)),
    Setting("card_reader", "backend", "读卡器类型", ("simulated", "ga467", "pcsc")),
    Setting("card_reader", "device", "读卡器串口"),
    Setting("card_reader", "reader_name", "社保卡读卡器名称"),
    Setting("camera", "backend", "高拍仪类型", ("simulated", "opencv")),
    Setting("camera", "device", "高拍仪编号"),
    Setting("ui", "idle_timeout_s", "无操作多少秒后提醒"),
    Setting("ui", "speech", "语音播报", ("none", "espeak")),
    Setting("ui", "elder_mode", "默认大字模式", (False, True)),
)
_BY_KEY = {(s.section, s.key): s for s in SETTINGS}
# What a backend cannot do without (the drivers refuse to open without it: drivers/printing/backends.py).
_NEEDS = {
    ("printer", "network"): "host",
    ("printer", "serial"): "device",
    ("printer", "file"): "device",
    ("printer", "cups"): "device",
}


def site_file(config: Config) -> Path:
    """The site file this terminal was configured from (the one settings are written to)."""
    for source in config.sources[1:]:
        if source != os.devnull and source != "<command line>":
            return Path(source)
    env = os.environ.get("KIOSK_CONFIG")
    if env == os.devnull:  # the defaults alone, on purpose (tests, a bare checkout): nowhere to write
        raise ConfigError(env, "", "没有站点配置文件 (no site file: KIOSK_CONFIG is the null device)")
    return Path(env) if env else SITE_PATH


def coerce(config: Config, section: str, key: str, text: Any) -> Any:
    """A value typed on the pad (text) as the type its default has; ``ConfigError`` when it is not one."""
    default = config.get(section, key)
    if not isinstance(text, str) or isinstance(default, str):
        return text
    value = text.strip()
    try:
        if isinstance(default, bool):
            return {"true": True, "false": False}[value.lower()]
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except (KeyError, ValueError):
        kind = {bool: "是/否 (yes/no)", int: "整数 (integer)", float: "数字 (number)"}[type(default)]
        raise ConfigError("", f"{section}.{key}", f"应为{kind}") from None
    return value


def save(config: Config, changes: Mapping[tuple[str, str], Any]) -> Config:
    """Write ``changes`` ((section, key) -> value, text from the pad allowed) to the site file and return
    the configuration as the next start will read it. Nothing is written when any value is refused."""
    import tomlkit

    path = site_file(config)
    for section, key in changes:
        if (section, key) not in _BY_KEY:
            raise ConfigError(path, f"{section}.{key}", "不能在终端上修改 (not changeable at the terminal)")
    values = {k: coerce(config, *k, v) for k, v in changes.items()}
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = b""
    doc = tomlkit.parse(old.decode("utf-8"))
    for (section, key), value in values.items():
        table = doc.setdefault(section, tomlkit.table())
        table[key] = value
    new = tomlkit.dumps(doc).encode("utf-8")
    return _replace_checked(path, new, old)


def _replace_checked(path: Path, new: bytes, old: bytes) -> Config:
    """Put ``new`` in place of ``path`` if the start would accept it; the file is untouched otherwise."""
    from offline_cache.db import fsync_dir
    from offline_cache.files import write_all

    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        try:
            write_all(fd, new)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            checked = load_config(tmp)
            _check_backends(checked, tmp)
        except ConfigError as exc:
            raise ConfigError(path, exc.key, exc.problem) from None
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, path.stat().st_mode & 0o777)  # the installer's mode, e.g. 0644 for a shared file
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    fsync_dir(path.parent)
    return dataclasses.replace(checked, sources=(checked.sources[0], str(path)))


def _check_backends(config: Config, path: Path) -> None:
    for (section, backend), key in _NEEDS.items():
        if config.get(section, "backend") == backend and not str(config.get(section, key)).strip():
            raise ConfigError(
                path, f"{section}.{key}", f"{backend} 类型必须填写 (required for the {backend} backend)"
            )


def attached_devices() -> dict[str, list[str]]:
    """What is plugged in now, for the settings screen's lists: serial ports, video devices, USB printers,
    PC/SC readers (empty where the system has none, or pcscd is not running)."""
    found = {
        "serial": sorted(glob.glob("/dev/ttyUSB*") + glob.glob("/dev/ttyACM*")),
        "video": sorted(glob.glob("/dev/video*")),
        "usb_printer": sorted(glob.glob("/dev/usb/lp*")),
        "pcsc": [],
    }
    try:
        from smartcard.System import readers

        found["pcsc"] = [str(r) for r in readers()]
    except Exception:  # no pcscd, no pyscard: nothing listed, the tile says why
        found["pcsc"] = []
    return found
