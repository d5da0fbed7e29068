"""The one code path from the core's values to ``Store.submit``: the UI, ``kiosk submit``, bulk import and
the demo all go through ``submit_application``, so a scripted test exercises exactly what a villager does.

It turns the identity, the item, the form values, the captured materials and the consent into a
``NewApplication`` (only the masked name and the ``applicant_key`` stay in clear; no part of the ID
number), and the materials into ``AttachmentInput``s, then lets the store seal and queue them in one
transaction.

``applicant_key`` (``kiosk/lookup_key.py``) is a slow keyed hash of the ID number under a terminal-local
secret: the progress query finds a person's applications from their card without the terminal storing
the ID number, and a stolen disk costs CPU-days per person to turn back into numbers. The caller derives
it once per visit and passes it in; without one, ``submit_application`` derives it itself.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from drivers.card.identity import Identity
from kiosk import lookup_key
from kiosk.identifiers import validate_resident_id
from kiosk.privacy import mask_name
from offline_cache.errors import InvalidApplication
from offline_cache.records import AttachmentInput, NewApplication, SubmittedApplication
from offline_cache.store import Store

# material id -> pages/files: (file name, content type, bytes)
Materials = Mapping[str, Sequence[tuple[str, str, bytes]]]


class ItemLike(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


def submit_application(
    store: Store,
    *,
    home: Path,
    item: ItemLike,
    form_values: Mapping[str, Any],
    identity: Identity,
    materials: Materials,
    deferred: Sequence[str],
    consent: Mapping[str, Any],
    catalogue_version: str,
    platform_public_key: str,
    agent_id: str | None = None,
    app_id: str | None = None,
    applicant_key: str | None = None,
    delivery: Mapping[str, str] | None = None,
) -> SubmittedApplication:
    """Seal and queue one finalized application (``app_id`` set: a supplement, i.e. a new revision).

    Raises ``kiosk.identifiers.IdentifierError`` for a bad ID number and ``offline_cache.errors.StoreError``
    subclasses for everything the store refuses; both carry a ``code`` for the Chinese message.
    """
    id_number = validate_resident_id(identity.id_number)
    overlap = set(deferred) & {m for m, files in materials.items() if files}
    if overlap:
        raise InvalidApplication("deferred", "a material cannot be both captured and deferred")
    attachments = [
        AttachmentInput(material=material, filename=filename, content_type=content_type, data=bytes(data))
        for material, files in materials.items()
        for filename, content_type, data in files
    ]
    consent_body = dict(consent)
    consent_body.setdefault("at", dt.datetime.now(dt.UTC).isoformat())
    if agent_id is not None:
        consent_body.setdefault("agent_id", agent_id)
    app = NewApplication(
        item_code=item.code,
        item_name=item.name,
        catalogue_version=catalogue_version,
        form=dict(form_values),
        applicant=applicant_record(identity),
        consent=consent_body,
        masked_name=mask_name(identity.name),
        masked_id="",
        applicant_key=applicant_key or lookup_key.applicant_key(home, id_number),
        deferred_materials=tuple(deferred),
        agent_id=agent_id,
        app_id=app_id,
        delivery=dict(delivery) if delivery is not None else None,
    )
    return store.submit(app, attachments, platform_public_key)


def applicant_record(identity: Identity) -> dict[str, Any]:
    """The identity as it goes into the sealed manifest."""
    return {
        "name": identity.name,
        "sex": identity.sex.value,
        "nation": identity.nation,
        "birth_date": identity.birth_date.isoformat(),
        "address": identity.address,
        "id_number": identity.id_number,
        "issuing_authority": identity.issuing_authority,
        "valid_from": identity.valid_from.isoformat() if identity.valid_from else None,
        "valid_to": identity.valid_to.isoformat() if identity.valid_to else None,
        "source": identity.source.value,
        "card_number": getattr(identity, "card_number", ""),
        "photo": base64.b64encode(identity.photo).decode("ascii") if identity.photo else None,
        "sample": identity.sample,
    }


def applicant_key(home: Path, id_number: str) -> str:
    """Today's applicant key of ``id_number`` on this terminal (blocking: ``kiosk/lookup_key.py``)."""
    return lookup_key.applicant_key(home, id_number)
