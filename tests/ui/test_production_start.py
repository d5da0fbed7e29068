"""The terminal as deployed: ``kiosk run`` (not the demo), enrolled with a reference platform that runs in
a process of its own. At the home screen its process holds no platform code (FastAPI, SQLAlchemy,
uvicorn, central), no pypinyin (the catalogue's pinyin was computed when it was installed), no OpenCV
(the camera is built when first used) and no jsonschema (the catalogue was checked on an earlier start).
"""

from __future__ import annotations

from pathlib import Path

from bench.production import enrolled_home, environment, run_terminal

PLATFORM = {"central", "fastapi", "sqlalchemy", "uvicorn", "starlette"}
NOT_AT_HOME = {"pypinyin", "cv2", "jsonschema"}


def test_the_deployed_terminal_starts_without_platform_pinyin_or_opencv(tmp_path: Path) -> None:
    env = environment(tmp_path / "pycache")
    with enrolled_home(tmp_path, env) as home:
        first = run_terminal(home, env)[0]  # first boot: the bundled catalogue is checked once
        again = run_terminal(home, env)[0]
    for start in (first, again):
        assert start["at"] == "home"
        assert not PLATFORM & set(start["modules"])
        assert not {"pypinyin", "cv2"} & set(start["modules"])
    assert not NOT_AT_HOME & set(again["modules"])
