"""The one submit path (kiosk.submission) and the commands on top of it: ``kiosk submit`` and ``kiosk outbox``."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2.low_level import Type, hash_secret_raw

from drivers.card.samples import ELDER, FARMER
from kiosk.cli import main
from kiosk.identifiers import InvalidResidentId
from kiosk.session import Session
from kiosk.submission import applicant_key, submit_application
from offline_cache import sealing
from offline_cache.errors import InvalidApplication
from offline_cache.records import OutboxEntry
from offline_cache.store import Store

ROOT = Path(__file__).resolve().parents[2]


@dataclasses.dataclass(frozen=True)
class Item:
    code: str = "520900-GA-0001"
    name: str = "最低生活保障申请（样例）"


@pytest.fixture
def platform() -> tuple[Any, str]:
    pem, public = sealing.generate_platform_key()
    return sealing.load_private_key(pem), public


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    s = Store.open(home / "kiosk.db", home / "attachments", "GA0101")
    yield s
    s.close()


def _submit(store: Store, home: Path, public: str, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "item": Item(),
        "form_values": {"household_size": 2, "reason": "样例原因"},
        "identity": ELDER,
        "materials": {
            "hukou": [("户口簿-1.jpg", "image/jpeg", b"page one"), ("户口簿-2.jpg", "image/jpeg", b"two")]
        },
        "deferred": ["income"],
        "consent": {"signature_png": "iVBORw0KGgo=", "agreed": True},
        "catalogue_version": "1.0.0",
        "platform_public_key": public,
    }
    values.update(changes)
    return submit_application(store, home=home, **values)


def _open(entry: OutboxEntry, private: Any) -> dict[str, Any]:
    key = sealing.unwrap_data_key(entry.wrapped_key, private, entry.app_id)
    manifest: dict[str, Any] = json.loads(
        sealing.open_part(key, entry.app_id, "manifest", entry.sealed_manifest)
    )
    manifest["_clear"] = [
        sealing.open_part(key, entry.app_id, part["part"], att.path.read_bytes())
        for part, att in zip(manifest["attachments"], entry.attachments, strict=True)
    ]
    return manifest


def test_submission_seals_everything_and_keeps_only_masked_values(
    store: Store, home: Path, platform: Any
) -> None:
    private, public = platform
    done = _submit(store, home, public, agent_id="agent-7")
    [entry] = store.due(done.created_at)
    manifest = _open(entry, private)
    assert manifest["applicant"]["id_number"] == ELDER.id_number
    assert manifest["applicant"]["name"] == ELDER.name and manifest["applicant"]["sample"] is True
    assert manifest["form"] == {"household_size": 2, "reason": "样例原因"}
    assert manifest["consent"]["agreed"] is True and manifest["consent"]["agent_id"] == "agent-7"
    assert manifest["deferred_materials"] == ["income"] and manifest["agent_id"] == "agent-7"
    assert [a["material"] for a in manifest["attachments"]] == ["hukou", "hukou"]
    assert manifest["_clear"] == [b"page one", b"two"]
    [summary] = store.applications(applicant_key(home, ELDER.id_number))
    assert summary.masked_name == "杨*例" and summary.item_name == Item.name
    assert summary.local_receipt_no == done.local_receipt_no
    assert store.applications(applicant_key(home, FARMER.id_number)) == []


def test_applicant_key_is_a_slow_terminal_local_argon2id(tmp_path: Path) -> None:
    a = applicant_key(tmp_path / "one", ELDER.id_number)
    assert a == applicant_key(tmp_path / "one", f" {ELDER.id_number} ")
    assert a == applicant_key(tmp_path / "one", " ".join([ELDER.id_number[:6], ELDER.id_number[6:]]))
    assert a != applicant_key(tmp_path / "two", ELDER.id_number)  # another terminal, another secret
    assert ELDER.id_number not in a
    path = tmp_path / "one" / "secrets" / "applicant_key.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    stored = json.loads(path.read_text())
    [generation] = stored["generations"]
    assert generation["scheme"] == "argon2id" and generation["time_cost"] >= 3
    assert generation["memory_kib"] >= 64 * 1024  # memory-hard: what makes a stolen disk cost CPU-days
    # the key is exactly argon2id under the stored secret and parameters, nothing cheaper
    raw = hash_secret_raw(
        ELDER.id_number.encode(),
        bytes.fromhex(stored["secret"]),
        time_cost=generation["time_cost"],
        memory_cost=generation["memory_kib"],
        parallelism=generation["parallelism"],
        hash_len=32,
        type=Type.ID,
    )
    assert a == f"a2id-{generation['generation']}:{raw.hex()}"


def test_the_secret_is_made_once_even_by_racing_processes(tmp_path: Path) -> None:
    code = "import sys; from pathlib import Path; from kiosk.submission import applicant_key; "
    code += "print(applicant_key(Path(sys.argv[1]), sys.argv[2]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path), ELDER.id_number], stdout=subprocess.PIPE, env=env
        )
        for _ in range(4)
    ]
    keys = {p.communicate(timeout=60)[0] for p in procs}
    assert len(keys) == 1 and all(p.returncode == 0 for p in procs)
    assert [p.name for p in (tmp_path / "secrets").iterdir()] == ["applicant_key.json"]


def test_the_store_keeps_no_part_of_the_id_number(store: Store, home: Path, platform: Any) -> None:
    done = _submit(store, home, platform[1])
    summary = store.application(done.app_id)
    assert summary is not None and summary.masked_id == ""
    for digits in (ELDER.id_number[:4], ELDER.id_number[-4:]):
        assert f"{digits}*".encode() not in (home / "kiosk.db").read_bytes()


def test_a_visit_derives_its_applicant_key_once(tmp_path: Path) -> None:
    session = Session(identity=ELDER)
    calls: list[str] = []

    def derive(identity: Any) -> str:
        calls.append(identity.id_number)
        return applicant_key(tmp_path, identity.id_number)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:  # the card read and the submit, say, at once
        keys = set(pool.map(lambda _: session.applicant_key_for(ELDER, derive), range(4)))
    assert len(keys) == 1 and calls == [ELDER.id_number]
    assert session.applicant_key_for(FARMER, derive) != keys.pop()  # another card, another key
    session.wipe()
    session.applicant_key_for(ELDER, derive)
    assert calls == [ELDER.id_number, FARMER.id_number, ELDER.id_number]  # a wiped visit keeps nothing


def test_a_bad_id_number_is_refused_before_anything_is_stored(
    store: Store, home: Path, platform: Any
) -> None:
    bad = dataclasses.replace(
        ELDER, id_number=ELDER.id_number[:-1] + ("0" if ELDER.id_number[-1] != "0" else "1")
    )
    with pytest.raises(InvalidResidentId):
        _submit(store, home, platform[1], identity=bad)
    with pytest.raises(InvalidApplication):
        _submit(store, home, platform[1], deferred=["hukou"])  # captured and deferred at once
    assert store.pending_count() == 0


def test_supplement_goes_through_the_same_path(store: Store, home: Path, platform: Any) -> None:
    first = _submit(store, home, platform[1])
    second = _submit(
        store,
        home,
        platform[1],
        app_id=first.app_id,
        materials={"income": [("i.pdf", "application/pdf", b"%PDF")]},
        deferred=[],
    )
    assert (second.app_id, second.revision) == (first.app_id, 2)
    assert [h.revision for h in store.status_history(first.app_id)] == [1, 2]


# -- the commands ------------------------------------------------------------------------------------


def test_submit_example_is_a_valid_application_file(
    tmp_path: Path, home: Path, platform: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = platform
    assert main(["submit", "--example"]) == 0
    example = json.loads(capsys.readouterr().out)
    (tmp_path / "hukou.pdf").write_bytes(b"%PDF-1.4 sample scan")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8 sample photo")
    (tmp_path / "app.json").write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    argv = ["--home", str(home), "submit", str(tmp_path / "app.json"), "--platform-key", public, "--json"]
    assert main([*argv, "--attach", f"photo={tmp_path / 'photo.jpg'}"]) == 0
    result = json.loads(capsys.readouterr().out)
    with Store.open(home / "kiosk.db", home / "attachments", "GA0101") as store:
        [entry] = store.due(store.applications()[0].created_at)
        assert (
            entry.app_id == result["app_id"] and entry.clear["local_receipt_no"] == result["local_receipt_no"]
        )
        manifest = _open(entry, private)
    assert manifest["_clear"] == [b"%PDF-1.4 sample scan", b"\xff\xd8 sample photo"]
    assert [(a["material"], a["content_type"]) for a in manifest["attachments"]] == [
        ("hukou", "application/pdf"),
        ("photo", "image/jpeg"),
    ]
    assert manifest["applicant"]["id_number"] == example["applicant"]["id_number"]

    assert main(["--home", str(home), "outbox", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["kind"], row["ref_id"], row["local_receipt_no"]) == (
        "application",
        result["app_id"],
        result["local_receipt_no"],
    )
    assert main(["--home", str(home), "outbox"]) == 0
    text = capsys.readouterr().out
    assert "待发送 1 项" in text and result["local_receipt_no"] in text


def test_submit_without_enrolment_says_so(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["submit", "--example"]) == 0
    example = json.loads(capsys.readouterr().out)
    example["materials"] = []
    (tmp_path / "app.json").write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    assert main(["--home", str(home), "submit", str(tmp_path / "app.json")]) == 1
    assert "终端尚未注册" in capsys.readouterr().err


def test_submit_refuses_broken_files_in_chinese(
    tmp_path: Path, home: Path, platform: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert (
        main(["--home", str(home), "submit", str(tmp_path / "bad.json"), "--platform-key", platform[1]]) == 2
    )
    assert "申请文件无法使用" in capsys.readouterr().err
    (tmp_path / "missing.json").write_text(
        json.dumps({"materials": [{"material": "m", "path": "nope.pdf"}]}), encoding="utf-8"
    )
    assert (
        main(["--home", str(home), "submit", str(tmp_path / "missing.json"), "--platform-key", platform[1]])
        == 2
    )
    assert main(["submit", "--example"]) == 0
    example = json.loads(capsys.readouterr().out)
    example["materials"], example["applicant"]["id_number"] = [], "520100194803150020"
    (tmp_path / "badid.json").write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    assert (
        main(["--home", str(home), "submit", str(tmp_path / "badid.json"), "--platform-key", platform[1]])
        == 1
    )
    assert "身份证号码有误" in capsys.readouterr().err
    example["applicant"]["id_number"] = "520100194803150025"
    (tmp_path / "good.json").write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    assert (
        main(["--home", str(home), "submit", str(tmp_path / "good.json"), "--platform-key", "nonsense"]) == 1
    )
    assert "注册信息有误" in capsys.readouterr().err


def test_outbox_on_an_empty_terminal(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(home), "outbox"]) == 0
    assert "没有待发送的内容" in capsys.readouterr().out
    assert main(["--home", str(home), "outbox", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_attach_paths_are_relative_to_the_working_folder(
    tmp_path: Path,
    home: Path,
    platform: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert main(["submit", "--example"]) == 0
    example = json.loads(capsys.readouterr().out)
    example["materials"] = []
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "app.json").write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "scan").mkdir()
    (tmp_path / "scan" / "hukou.jpg").write_bytes(b"\xff\xd8 sample")
    monkeypatch.chdir(tmp_path / "scan")
    argv = ["--home", str(home), "submit", "../files/app.json", "--attach", "hukou.jpg"]
    assert main([*argv, "--platform-key", platform[1], "--json"]) == 0
    with Store.open(home / "kiosk.db", home / "attachments", "GA0101") as store:
        [entry] = store.due(store.applications()[0].created_at)
        manifest = _open(entry, platform[0])
    assert manifest["attachments"][0]["material"] == "hukou" and manifest["_clear"] == [b"\xff\xd8 sample"]


def test_bulk_import_queues_each_file_on_its_own(
    tmp_path: Path, home: Path, platform: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["submit", "--example"]) == 0
    example = json.loads(capsys.readouterr().out)
    example["materials"] = []
    files = []
    for i in range(3):
        path = tmp_path / f"app{i}.json"
        path.write_text(json.dumps(example, ensure_ascii=False) if i != 1 else "[]", encoding="utf-8")
        files.append(str(path))
    assert main(["--home", str(home), "submit", *files, "--platform-key", platform[1], "--json"]) == 2
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["file"] for line in lines] == [files[0], files[2]]
    assert "app1.json" in captured.err
    with Store.open(home / "kiosk.db", home / "attachments", "GA0101") as store:
        assert {a.app_id for a in store.applications()} == {line["app_id"] for line in lines}
    assert main(["--home", str(home), "submit", *files, "--attach", files[0]]) == 2  # --attach needs one file


def test_outbox_housekeeping_applies_retention_from_the_config(
    home: Path, platform: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    with Store.open(home / "kiosk.db", home / "attachments", "GA0101") as store:
        done = _submit(store, home, platform[1])
        [entry] = store.due(done.created_at)
        store.mark_delivered(
            entry.outbox_id, "PT-1", done.created_at - dt.timedelta(days=31)
        )  # [sync] 30 days
        paths = [a.path for a in entry.attachments]
    assert all(p.exists() for p in paths)
    assert main(["--home", str(home), "outbox", "--housekeeping"]) == 0
    assert "已清理：1 份" in capsys.readouterr().err
    assert not any(p.exists() for p in paths)
    with Store.open(home / "kiosk.db", home / "attachments", "GA0101") as store:
        assert store.application_by_receipt("PT-1") is not None  # the status mirror stays
