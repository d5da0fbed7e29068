"""Core events -> Qt signals. The core emits from its own threads; queued signals land on the main thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from kiosk.events import (
    AgentsChanged,
    ApplicationDelivered,
    CardInserted,
    CardRemoved,
    EventBus,
    PrinterStateChanged,
    StatusChanged,
    SyncStateChanged,
)


class EventBridge(QObject):
    card_inserted = Signal()
    card_removed = Signal()
    sync_state = Signal(bool, int, str)  # online, pending, problem code ("" when none)
    delivered = Signal(str, str)  # app id, platform receipt no
    status_changed = Signal(str, str)  # app id, status
    printer_state = Signal(str, int)  # state, pending jobs
    agents_changed = Signal()  # a sync changed the agent accounts (ui/agent_desk.py)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = bus.subscribe(self._on_event)

    def _on_event(self, event: object) -> None:
        # Runs on whatever thread the core is on; emitting a signal is thread-safe and Qt queues it to
        # the receivers' (main) thread because the bridge lives there.
        if isinstance(event, CardInserted):
            self.card_inserted.emit()
        elif isinstance(event, CardRemoved):
            self.card_removed.emit()
        elif isinstance(event, SyncStateChanged):
            self.sync_state.emit(event.online, event.pending, event.problem)
        elif isinstance(event, ApplicationDelivered):
            self.delivered.emit(event.app_id, event.platform_receipt_no)
        elif isinstance(event, StatusChanged):
            self.status_changed.emit(event.app_id, event.status)
        elif isinstance(event, PrinterStateChanged):
            self.printer_state.emit(event.state, event.pending_jobs)
        elif isinstance(event, AgentsChanged):
            self.agents_changed.emit()

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
