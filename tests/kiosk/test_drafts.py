"""Drafts sealed under the agent's PIN-derived key (kiosk/drafts.py), and the consent's text and paper
(kiosk/consent.py)."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest

from drivers.card.samples import ELDER
from kiosk import agents
from kiosk.consent import MANUAL_REASONS, consent_document, consent_for, presence_for
from kiosk.drafts import DraftBox, DraftDamaged, DraftMissing, restore_session, session_payload
from kiosk.leak_scan import encodings as _encodings
from kiosk.session import CapturedPage, Session
from tests.test_privacy import _secrets, leaks_in_files

VERIFIER = agents.new_verifier("135790")
SCAN = bytes(range(256)) * 40  # stands for a JPEG page: its bytes must not be found in the file


def key_for(pin: str, salt: bytes = b"s" * 16) -> bytes:
    return agents.draft_key(pin, salt, VERIFIER)


def filing() -> Session:
    s = Session(item_code="520900-GA-0001")
    s.identity = ELDER
    s.add_page("hukou", CapturedPage(SCAN, 640, 480))
    s.defer("income")
    return s


def test_a_draft_opens_for_its_agent_only_and_holds_nothing_personal_in_clear(tmp_path: Path) -> None:
    box = DraftBox(tmp_path / "drafts", dt.timedelta(days=7))
    key = key_for("135790")
    payload = session_payload(
        filing(), {"household_size": 3, "reason": ELDER.address}, {"villager_signed": True}
    )
    draft_id = box.save("8001", key, "520900-GA-0001", payload)

    assert leaks_in_files(tmp_path, _secrets(ELDER) | {"phone": "13800000000"}) == []
    data = (tmp_path / "drafts" / "8001" / f"{draft_id}.draft").read_bytes()
    assert SCAN[:64] not in data and base64.b64encode(SCAN)[:64] not in data
    assert not any(enc in data for enc in _encodings(ELDER.name))

    back = Session()
    restored = restore_session(box.open("8001", key, draft_id), back)
    assert back.identity == ELDER and back.pages["hukou"][0].jpeg == SCAN and back.deferred == {"income"}
    assert restored["form"]["household_size"] == 3 and restored["extra"] == {"villager_signed": True}

    with pytest.raises(DraftDamaged):  # a wrong PIN's key (or another agent's) does not unwrap it
        box.open("8001", key_for("246813"), draft_id)
    assert box.list("8002") == []  # another agent sees none of the first's drafts
    with pytest.raises(DraftMissing):
        box.open("8002", key_for("246813"), draft_id)
    with pytest.raises(DraftMissing):
        box.open("8001", key, "../8002/x")


def test_a_header_edited_on_disk_or_a_truncated_file_is_damaged_and_listed_as_such(tmp_path: Path) -> None:
    box = DraftBox(tmp_path, dt.timedelta(days=7))
    key = key_for("135790")
    draft_id = box.save("8001", key, "520900-GA-0001", session_payload(filing(), {}, {}))
    path = tmp_path / "8001" / f"{draft_id}.draft"
    path.write_bytes(path.read_bytes().replace(b"520900-GA-0001", b"520900-GA-0002", 1))
    with pytest.raises(DraftDamaged):
        box.open("8001", key, draft_id)
    other = box.save("8001", key, "520900-GA-0001", session_payload(filing(), {}, {}))
    (tmp_path / "8001" / f"{other}.draft").write_bytes(b"\x00garbage")
    listed = {i.draft_id: i for i in box.list("8001")}
    assert listed[other].damaged and not listed[draft_id].damaged
    box.delete("8001", other)
    assert [i.draft_id for i in box.list("8001")] == [draft_id]


def test_drafts_are_wiped_after_their_age_with_a_warning_the_day_before(tmp_path: Path) -> None:
    box = DraftBox(tmp_path, dt.timedelta(days=7))
    key = key_for("135790")
    start = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    old = box.save("8001", key, "520900-GA-0001", {"x": 1}, now=start)
    young = box.save("8001", key, "520900-GA-0001", {"x": 2}, now=start + dt.timedelta(days=3))
    box.save("8001", key, "520900-GA-0001", {"x": 3}, draft_id=old, now=start + dt.timedelta(days=5))
    on_day_six = {i.draft_id: i for i in box.list("8001", start + dt.timedelta(days=6, hours=1))}
    assert on_day_six[old].expires_soon and not on_day_six[young].expires_soon  # saving again keeps its age
    assert box.wipe_expired(start + dt.timedelta(days=6)) == 0
    assert box.wipe_expired(start + dt.timedelta(days=7)) == 1
    assert [i.draft_id for i in box.list("8001", start + dt.timedelta(days=7))] == [young]


def test_the_pin_key_depends_on_the_pin_and_the_terminal_salt_and_is_not_the_verifier() -> None:
    k = key_for("135790")
    assert len(k) == 32 and k != key_for("135791") and k != key_for("135790", b"t" * 16)
    assert base64.b64encode(k).decode().rstrip("=") not in VERIFIER


def test_the_consent_names_both_people_masked_says_it_is_free_and_prints() -> None:
    from drivers.printing.decoder import decode
    from drivers.printing.escpos_render import render
    from drivers.printing.profiles import get_profile

    c = consent_for(
        villager_name=ELDER.name, id_number=ELDER.id_number, agent_no="8001", agent_name="王小红",
        item_name="城乡居民最低生活保障申请", item_code="520900-GA-0001", station_name="样例村便民服务站",
    )  # fmt: skip
    assert ELDER.name not in c.text and ELDER.id_number not in c.text
    assert "8001 王*" in c.text and "免费" in c.text and "委托代办授权书" in c.text
    doc = consent_document(c, at=dt.datetime(2026, 12, 4, 8, tzinfo=dt.UTC), hotline="12345", sample=False)
    printed = decode(render(doc, get_profile("default"), 576), get_profile("default"), 576).text
    assert doc.meta["kind"] == "consent" and "委托代办授权书" in printed and "8001 王*" in printed
    assert "代办服务完全免费" in printed.replace("\n", "") and c.sha256[:16] in printed
    assert presence_for(None) == "id_card" and presence_for("card_damaged") == "manual:card_damaged"
    with pytest.raises(ValueError):
        presence_for("because")
    assert len(MANUAL_REASONS) >= 3
