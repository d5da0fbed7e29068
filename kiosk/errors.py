"""Errors of the core (``kiosk/``): the whole tree.

Every class has a stable ``code``; the screens and the CLI pick their Chinese words from it
(``kiosk.messages``), never from ``str(exc)``, whose English text never holds personal data (a field's
id, a file and key name, never a value). The root lives here; each class lives beside the code that raises
it, as the right-hand column says. ``tests/test_errors.py`` checks this drawing against the classes,
their bases and their codes. The errors of the parts below the core are drawn in their own packages:
``drivers/card/errors.py``, ``drivers/printing/errors.py``, ``drivers/camera/errors.py`` and
``offline_cache/errors.py``.

Tree::

    KioskError                   kiosk.error
    ├── ConfigError              config.invalid              config.py: the file, the key and what is wrong
    ├── CatalogueError           catalog.error               catalog.py
    │   ├── CatalogueUnreadable  catalog.unreadable          not a file, not JSON
    │   ├── CatalogueInvalid     catalog.invalid             the schema or a content check says no
    │   ├── CatalogueOutdated    catalog.outdated            older than the one in use
    │   └── ItemNotFound         catalog.not_found           no item with that code (also a KeyError)
    ├── FormError                form.error                  forms.py
    │   ├── UnknownField         form.unknown_field          a field the item's form does not have
    │   └── FieldLocked          form.locked                 a value read from the card cannot be changed
    ├── IdentifierError          id.invalid                  identifiers.py (also a ValueError)
    │   ├── InvalidResidentId    id.resident_invalid         checksum, birth date or area of an ID number
    │   ├── InvalidUscc          id.uscc_invalid             unified social credit code
    │   ├── InvalidMobile        id.mobile_invalid           mobile number
    │   ├── BirthDateMismatch    id.birth_mismatch           the card's birth date is not the number's
    │   ├── SexMismatch          id.sex_mismatch             the card's sex is not the number's
    │   ├── CardNotYetValid      id.not_yet_valid            valid_from is after today
    │   └── CardValidityExpired  id.expired                  valid_to is before today
    ├── AgentError               agent.error                 agents.py: agent login and accounts
    │   ├── UnknownAgent         agent.unknown               no account with that number here
    │   │   └── NoAgents         agent.none                  no account at all: never synced, none local
    │   ├── WrongPin             agent.wrong_pin             wrong PIN (tries left, a lock it started)
    │   ├── AgentLocked          agent.locked                too many wrong PINs: locked for a while
    │   ├── AgentDisabled        agent.disabled              disabled on the platform
    │   └── BadAgentInput        agent.invalid               kiosk agent add: number, name or PIN refused
    ├── DraftError               draft.error                 drafts.py: an agent's saved half-way filing
    │   ├── DraftMissing         draft.missing               no such draft (wiped, or deleted meanwhile)
    │   └── DraftDamaged         draft.damaged               it does not open with this agent's key
    ├── NumberIsNotEnough        progress.number_only        query_codes.py: a receipt number alone shows nothing
    ├── DeliveryInvalid          delivery.invalid            delivery.py: a way the item does not offer
    │   ├── AddressTooShort      delivery.address_short      too short for a courier
    │   └── AddressNoVillage     delivery.address_no_village no village, community or group in it
    ├── AppointmentError         appointment.error           appointments.py: booking a hall's time
    │   ├── AppointmentsOffline  appointment.offline         the platform is out of reach: online only
    │   ├── SlotTaken            appointment.slot_full       another terminal took the last place
    │   └── BookingGone          appointment.booking_gone    cancelled, or not this terminal's
    ├── ForeignCredentials       demo.foreign_credentials    demo_platform.py: the demo home is enrolled elsewhere
    ├── BadFile                  submit.bad_file             commands/submit.py: an application file unusable
    ├── SyncAlreadyRunning       sync.already_running        sync_setup.py: another process syncs this data folder
    ├── ExportError              admin.export_failed         admin/log_export.py: the stick is read-only, full or gone
    │   └── ExportRefused        admin.export_refused        the archive would hold personal data: not written
    └── DuplicateMessage         messages.duplicate          messages/: one code in two areas (a programming error)
"""

from __future__ import annotations

from typing import ClassVar


class KioskError(Exception):
    code: ClassVar[str] = "kiosk.error"
