"""Find a service: frequent items, by life event, by department, or by search (Chinese or pinyin initials)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import pictograms, theme
from ui.pages.base import Page
from ui.widgets.common import Text, TileButton, button
from ui.widgets.scrolling import TouchList, TouchScrollArea
from ui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from ui.window import KioskWindow

FREQUENT_COUNT = 6


class FindPage(Page):
    name = "find"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.title.set_plain(QCoreApplication.translate("FindPage", "请选择要办理的事项"))
        self.hint.set_plain(
            QCoreApplication.translate(
                "FindPage", "可以按生活中的事情找，按部门找，或者输入名称、拼音首字母（例如 dbsq）搜索。"
            )
        )
        modes = QHBoxLayout()
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QPushButton] = {}
        for key, words in (
            ("frequent", QCoreApplication.translate("FindPage", "常办事项")),
            ("events", QCoreApplication.translate("FindPage", "按生活事件")),
            ("departments", QCoreApplication.translate("FindPage", "按部门")),
            ("search", QCoreApplication.translate("FindPage", "搜索")),
        ):
            b = button(words, "choice")
            b.setCheckable(True)
            self.mode_group.addButton(b)
            self.mode_buttons[key] = b
            modes.addWidget(b)
            b.clicked.connect(lambda _=False, k=key: self.show_mode(k))
        self.body.addLayout(modes)
        self.modes = QStackedWidget()
        self.body.addWidget(self.modes, 1)
        cat = win.catalogue
        # frequent: the first items of the catalogue (the catalogue lists the common ones first)
        self.frequent = self._tiles(
            [(self._item_picto(i), i.short_name or i.name, i.code) for i in cat.items[:FREQUENT_COUNT]],
            self._pick_item,
        )
        self.events = self._tiles(
            [(self._cat_picto(c), c.name, c.id) for c in cat.categories], self._pick_category
        )
        self.departments = self._tiles(
            [("department", d.name, d.id) for d in cat.departments], self._pick_department
        )
        search = QWidget()
        sl = QVBoxLayout(search)
        sl.setContentsMargins(0, 0, 0, 0)
        self.search_edit = SearchBox()
        self.search_edit.setPlaceholderText(
            QCoreApplication.translate("FindPage", "输入事项名称或拼音首字母")
        )
        self.search_edit.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        self.search_edit.query_changed.connect(self._search)
        sl.addWidget(self.search_edit)
        # A search that finds nothing offers the guided consultation (ui/pages/consult.py), under the box,
        # where the on-screen keyboard leaves it in sight.
        self.consult_offer = button(
            QCoreApplication.translate("FindPage", "没有找到？回答几个问题，帮您找要办的事"), "primary"
        )
        self.consult_offer.clicked.connect(lambda: self.win.go("consult"))
        self.consult_offer.setVisible(False)
        sl.addWidget(self.consult_offer)
        self.search_results = self._list()
        sl.addWidget(self.search_results, 1)
        self.items = QWidget()
        il = QVBoxLayout(self.items)
        il.setContentsMargins(0, 0, 0, 0)
        self.items_title = Text("", "heading")
        il.addWidget(self.items_title)
        self.item_list = self._list()
        il.addWidget(self.item_list, 1)
        for w in (self.frequent, self.events, self.departments, search, self.items):
            self.modes.addWidget(w)
        self._search_page = search
        self.purpose = "apply"

    # --- building -----------------------------------------------------------------------------------
    def _item_picto(self, item: Any) -> str:
        own = pictograms.for_item(item.short_name or item.name, item.keywords)
        if own != "other":
            return own
        cat = self.win.catalogue
        for cid in item.category_ids:
            try:
                return self._cat_picto(cat.category(cid))
            except KeyError:  # an item naming a category the catalogue lacks: the next one, or the default
                continue
        return "apply"

    @staticmethod
    def _cat_picto(category: Any) -> str:
        picto = pictograms.named(str(category.pictogram))
        return picto if picto != "other" else pictograms.for_life_event(category.name)

    def _tiles(self, entries: list[tuple[str, str, str]], pick: Any) -> QWidget:
        scroll = TouchScrollArea()
        w = QWidget()
        scroll.setWidget(w)
        grid = QGridLayout(w)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(theme.current().spacing_px)
        cols = 4
        for n, (picto, words, key) in enumerate(entries):
            tile = TileButton(picto, words, "")
            tile.clicked.connect(lambda _=False, k=key: pick(k))
            grid.addWidget(tile, n // cols, n % cols)
        return scroll

    def _list(self) -> TouchList:
        lst = TouchList()
        lst.itemClicked.connect(self._item_clicked)
        lst.itemActivated.connect(self._item_clicked)
        return lst

    @staticmethod
    def _fill(lst: QListWidget, items: list[Any]) -> None:
        lst.clear()
        for item in items:
            row = QListWidgetItem(item.name)
            row.setData(Qt.ItemDataRole.UserRole, item.code)
            lst.addItem(row)

    # --- reacting -----------------------------------------------------------------------------------
    def enter(self, **kw: Any) -> None:
        if kw.get("back"):
            return
        self.purpose = kw.get("purpose", "apply")
        self.title.set_plain(
            QCoreApplication.translate("FindPage", "请选择要办理的事项")
            if self.purpose == "apply"
            else QCoreApplication.translate("FindPage", "请选择要查看的办事指南")
        )
        self.show_mode("frequent")

    def show_mode(self, key: str) -> None:
        self.mode_buttons[key].setChecked(True)
        widget = {
            "frequent": self.frequent,
            "events": self.events,
            "departments": self.departments,
            "search": self._search_page,
        }[key]
        self.modes.setCurrentWidget(widget)
        if key == "search":
            self.search_edit.setFocus()

    def _pick_category(self, category_id: str) -> None:
        cat = self.win.catalogue
        self.mode_buttons["events"].setChecked(True)
        self.items_title.set_plain(cat.category(category_id).name)
        self._fill(self.item_list, cat.items_in(category_id))
        self.modes.setCurrentWidget(self.items)

    def _pick_department(self, department_id: str) -> None:
        cat = self.win.catalogue
        dept = next(d for d in cat.departments if d.id == department_id)
        self.mode_buttons["departments"].setChecked(True)
        self.items_title.set_plain(dept.name)
        self._fill(self.item_list, [i for i in cat.items if i.department.id == department_id])
        self.modes.setCurrentWidget(self.items)

    def _search(self, text: str) -> None:
        text = text.strip()
        found = self.win.catalogue.search(text) if text else []
        self._fill(self.search_results, found)
        self.consult_offer.setVisible(bool(text) and not found)

    def _item_clicked(self, row: QListWidgetItem) -> None:
        self._pick_item(str(row.data(Qt.ItemDataRole.UserRole)))

    def _pick_item(self, code: str) -> None:
        self.search_edit.drop_composition()  # leaving the box would commit the engine's guess into it
        # Applying goes straight to the ID card (the materials are asked for one by one anyway);
        # "service guides" shows the guide, which also offers 立即办理.
        if self.purpose == "apply":
            self.win.flow.start(code)
        else:
            self.win.flow.show_guide(code)

    def restyle(self) -> None:
        super().restyle()
        for lst in (self.search_results, self.item_list):
            lst.restyle()

    def wipe(self) -> None:
        self.search_edit.drop_composition()
        self.search_edit.setText("")  # setText, unlike clear(), also drops the undo history
        self.search_results.clear()
