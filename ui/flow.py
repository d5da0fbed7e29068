"""The apply path as a sequence of screens: item -> card -> form pages -> materials -> review+sign -> receipt.

``ApplyFlow`` owns the visitor's ``Session`` and ``FormState`` (the only places personal data lives in the
UI besides what the screens show) and decides which screen comes next. Blocking work goes through
``ui.tasks``; screens call the flow, the flow calls ``win.go``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from kiosk.session import CapturedPage, Session
from ui.tasks import run_task

if TYPE_CHECKING:
    from drivers.card.identity import Identity
    from kiosk.catalog import ServiceItem
    from kiosk.forms import FormState, PageView
    from kiosk.terminal import SubmitResult, Terminal
    from ui.pages.card import CardPage
    from ui.window import KioskWindow

log = logging.getLogger(__name__)


SUPPLEMENT = "needs_supplement"


def supplement_request(history: list[Any]) -> tuple[list[str], list[str]]:
    """(reasons, missing material ids) of the latest "needs supplement" in a status history."""
    change = next((c for c in reversed(history) if c.status == SUPPLEMENT), None)
    if change is None:
        return [], []
    return list(change.reasons), list(change.missing_materials)


class ApplyFlow:
    def __init__(self, win: KioskWindow) -> None:
        self.win = win
        self.session = Session()
        self.form: FormState | None = None
        self.item: ServiceItem | None = None
        self.result: SubmitResult | None = None
        self.missing: list[str] = []  # 补正: the material ids the platform asked for
        self.supplement_receipt_no = ""  # 补正: the receipt number of the application being completed

    @property
    def terminal(self) -> Terminal:
        return self.win.terminal

    def wipe(self) -> None:
        self.session.wipe()
        self.session = Session()
        self.form = None
        self.item = None
        self.result = None
        self.missing = []
        self.supplement_receipt_no = ""

    # --- choosing -----------------------------------------------------------------------------------
    def show_guide(self, code: str) -> None:
        self.item = self.win.catalogue.item(code)
        self.win.go("guide", code=code)

    def start(self, code: str) -> None:
        """'Apply now' on a guide: identity first."""
        self.item = self.win.catalogue.item(code)
        self.session.item_code = code
        self.win.agents.stamp(self.session)
        self.win.go("card", purpose="apply", manual=bool(getattr(self.item, "manual_entry_allowed", False)))

    def start_supplement(self, app: Any, missing: list[str]) -> None:
        """补正 (needs supplement): the applicant's own card, the missing materials, review and sign; it is
        submitted as a new revision of the same application. ``app`` is the store's ApplicationSummary."""
        self.item = self.win.catalogue.item(app.item_code)
        self.form = None  # the answers are in revision 1; a supplement carries only the new materials
        self.session.item_code = app.item_code
        self.session.supplement_of = app.app_id
        self.session.identity = None  # set again only once the card read matches the applicant
        self.supplement_receipt_no = app.local_receipt_no
        self.missing = list(missing)
        self.win.agents.stamp(self.session)
        self.win.go("card", purpose="supplement")

    def resume(self, form_values: dict[str, Any], extra: dict[str, Any]) -> None:
        """Go on with a filing an agent saved as a draft (``session`` restored from it): from its form's
        first page with the answers kept (a 补正: from its first missing material)."""
        from kiosk.forms import FormState
        from ui.messages import form_templates

        assert self.session.item_code is not None and self.session.identity is not None
        self.item = self.win.catalogue.item(self.session.item_code)
        self.missing = list(extra.get("missing", []))
        self.supplement_receipt_no = str(extra.get("supplement_receipt_no", ""))
        if self.session.supplement_of is not None:
            self.form = None
            self.next_material(-1)
            return
        self.form = FormState(self.item.form, templates=form_templates())
        locked = self.form.prefill(self.session.identity)
        self.form.restore({k: v for k, v in form_values.items() if k not in locked})
        self.win.go("form", index=0)

    def derive_key(self, identity: Identity) -> None:
        """Start deriving the visitor's applicant key (slow on purpose, kiosk/lookup_key.py) as soon as
        the card is read, so the submit and the progress query find it ready; a failure here is said by
        whichever of them needs the key."""
        session, terminal = self.session, self.terminal
        run_task(
            lambda: session.applicant_key_for(identity, terminal.applicant_key),
            lambda _key, _error: None,
            owner=self.win,
        )

    def supplement_identity(self, identity: Identity) -> None:
        """The card was read for a supplement: go on only if it is the application's applicant."""
        app_id, terminal, session = self.session.supplement_of, self.terminal, self.session

        def check() -> bool:  # the applicant key is slow on purpose (kiosk/lookup_key.py); once per visit
            key = session.applicant_key_for(identity, terminal.applicant_key)
            return any(a.app_id == app_id for a in terminal.applications_for(identity, key))

        def checked(same: bool | None, error: BaseException | None) -> None:
            card = cast("CardPage", self.win.pages["card"])
            if self.win.current() is not card or self.session.supplement_of != app_id:
                return
            if error is not None or not same:
                card.refuse(error)
                return
            self.session.identity = identity
            self.next_material(-1)

        run_task(check, checked, owner=self.win)

    # --- identity -----------------------------------------------------------------------------------
    def identity_known(self, identity: Identity) -> None:
        from kiosk.forms import FormState

        assert self.item is not None
        from ui.messages import form_templates

        self.session.identity = identity
        self.form = FormState(self.item.form, templates=form_templates())
        self.form.prefill(identity)
        self.next_form_page(-1)

    def form_pages(self) -> list[PageView]:
        """The pages to show: a page whose every field was read from the card (locked, valid) is skipped;
        its answers are on the review screen."""
        assert self.form is not None
        form = self.form
        errors = form.error_codes()
        out = []
        for page in form.pages():
            if all(form.is_locked(f.id) and f.id not in errors for f in page.fields):
                continue
            out.append(page)
        return out

    def next_form_page(self, index: int) -> None:
        pages = self.form_pages()
        if index + 1 < len(pages):
            self.win.go("form", index=index + 1)
        else:
            self.next_material(-1)

    # --- materials ----------------------------------------------------------------------------------
    def materials(self) -> list[Any]:
        """Materials the terminal captures: needed for these answers, not fetched from the e-licence library."""
        assert self.item is not None
        if self.session.supplement_of is not None:
            return [m for m in self.item.guide.materials if m.id in self.missing]
        assert self.form is not None
        all_ids = [m.id for m in self.item.guide.materials]
        needed = set(self.form.needed_materials(all_ids))
        return [m for m in self.item.guide.materials if m.id in needed and not m.e_licence]

    def next_material(self, index: int) -> None:
        mats = self.materials()
        if index + 1 < len(mats):
            self.win.go("capture", index=index + 1)
        elif self.session.agent_id is not None:  # on a villager's behalf: the consent comes first
            self.win.go("agent_consent")
        else:
            self.after_materials()

    def after_materials(self) -> None:
        """On to the review, where an item whose result is a paper asks how it should come
        (``ui.pages.delivery.DeliveryChoice``: the nearest pickup until the visitor taps another)."""
        self.win.go("review")

    def add_page(self, material_id: str, jpeg: bytes, width: int, height: int) -> None:
        self.session.add_page(material_id, CapturedPage(jpeg=jpeg, width=width, height=height))

    def remove_last_page(self, material_id: str) -> None:
        pages = self.session.pages.get(material_id)
        if pages:
            pages.pop()
            if not pages:
                del self.session.pages[material_id]

    # --- submitting ---------------------------------------------------------------------------------
    def submit(self, signature_png: bytes, done: Any) -> None:
        self.session.form_values = self.form.values() if self.form is not None else {}
        self.session.signature_png = signature_png
        session = self.session
        terminal = self.terminal

        def finished(result: SubmitResult | None, error: BaseException | None) -> None:
            if result is not None:
                self.result = result
                self.win.agents.submitted()
                self.win.go("receipt", remember=False)
            done(error)

        run_task(lambda: terminal.submit(session), finished, owner=self.win)
