"""Card readers: resident ID cards (SAM readers, frame protocol over serial/USB), social security cards
(PC/SC), and a simulated reader. Everything yields an ``Identity`` or raises a ``CardError``.

    reader = open_reader(config.section("card_reader"))   # or reader_from_spec("ga467:/dev/ttyUSB0")
    identity = reader.read(timeout=5.0)                   # on the card worker thread
    stop = reader.watch(on_inserted, on_removed)          # callbacks come from the reader's own thread
"""

from drivers.card.base import (
    CardReader,
    StopWatching,
    backend_names,
    open_reader,
    parse_spec,
    reader_from_spec,
)
from drivers.card.errors import (
    CardError,
    CardExpired,
    CardReadFailed,
    CardRemoved,
    ChecksumError,
    LiftAndReplace,
    NoCard,
    NoReader,
    ProtocolError,
    ReaderFault,
    ReaderTimeout,
    ReaderUnplugged,
    UnsupportedCard,
)
from drivers.card.identity import CardSource, Identity, Sex
from drivers.card.simulated import SimulatedReader

__all__ = [
    "CardError",
    "CardExpired",
    "CardReadFailed",
    "CardReader",
    "CardRemoved",
    "CardSource",
    "ChecksumError",
    "Identity",
    "LiftAndReplace",
    "NoCard",
    "NoReader",
    "ProtocolError",
    "ReaderFault",
    "ReaderTimeout",
    "ReaderUnplugged",
    "Sex",
    "SimulatedReader",
    "StopWatching",
    "UnsupportedCard",
    "backend_names",
    "open_reader",
    "parse_spec",
    "reader_from_spec",
]
