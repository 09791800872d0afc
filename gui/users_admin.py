"""User administration for administrators: add, disable, reset PIN, change role; each act audited."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rig.users import ROLES, User, UserStore


class UsersAdmin(QWidget):
    """The station's users in a table, and the four acts an administrator may do to them."""

    back_requested = Signal()

    def __init__(self, accounts: UserStore, confirm=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts  # the store audits every change itself
        # (user, what, meaning) -> the administrator's signature, None when not given
        self._confirm = confirm
        self.user: User | None = None
        self.title = QLabel(styleSheet="font-size: 20pt; font-weight: bold;")
        self.table = QTableWidget(0, 4)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.new_id = QLineEdit()
        self.new_name = QLineEdit()
        self.role = QComboBox()
        self.role.addItems(list(ROLES))
        self.add_button, self.disable_button, self.reset_button, self.role_button, self.back_button = (
            QPushButton() for _ in range(5))
        self.message = QLabel(wordWrap=True, styleSheet="font-size: 14pt; font-weight: bold;")
        form = QHBoxLayout()
        for widget in (self.new_id, self.new_name, self.role, self.add_button):
            form.addWidget(widget)
        acts = QHBoxLayout()
        for widget in (self.disable_button, self.reset_button, self.role_button):
            acts.addWidget(widget)
        acts.addStretch(1)
        acts.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(acts)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add)
        self.disable_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_pin)
        self.role_button.clicked.connect(self.change_role)
        self.back_button.clicked.connect(self.back_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Users"))
        self.table.setHorizontalHeaderLabels([self.tr("Operator id"), self.tr("Name"), self.tr("Role"),
                                              self.tr("State")])
        self.new_id.setPlaceholderText(self.tr("new operator id"))
        self.new_name.setPlaceholderText(self.tr("full name"))
        self.add_button.setText(self.tr("Add user"))
        self.disable_button.setText(self.tr("Disable / enable"))
        self.reset_button.setText(self.tr("Reset PIN"))
        self.role_button.setText(self.tr("Give the chosen role"))
        self.back_button.setText(self.tr("Back"))
        self.refresh()

    def set_user(self, user: User | None) -> None:
        self.user = user
        self.message.clear()
        self.refresh()

    def refresh(self) -> None:
        users = self._accounts.users()
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            state = self.tr("active") if self._accounts.is_active(user.user_id) else self.tr("disabled")
            for column, text in enumerate((user.user_id, user.name, user.role, state)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def select(self, user_id: str) -> None:
        """Select a user's row (as a click does)."""
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == user_id:
                self.table.selectRow(row)

    def _selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).text() if rows else None

    def _act(self, action: str, details: dict, work) -> None:
        """Do one act as the signed-in administrator; say what happened or why not."""
        if self.user is None:
            return
        try:
            said = work()
        except (PermissionError, ValueError, KeyError) as exc:
            self.message.setStyleSheet("color: #b71c1c; font-size: 14pt; font-weight: bold;")
            self.message.setText(str(exc).strip("'\""))
            return
        self.message.setStyleSheet("color: #1b5e20; font-size: 14pt; font-weight: bold;")
        self.message.setText(said)
        self.refresh()

    def add(self) -> None:
        user_id, name, role = self.new_id.text().strip(), self.new_name.text().strip(), self.role.currentText()

        def work() -> str:
            if not name:
                raise ValueError(self.tr("Give the new user's full name."))
            pin = self._accounts.add_user(by=self.user, user_id=user_id, name=name, role=role)
            self.new_id.clear()
            self.new_name.clear()
            return self.tr("Added %1 (%2). One-time PIN to hand over: %3").replace("%1", user_id) \
                .replace("%2", role).replace("%3", pin)
        self._act("user.add", {"user": user_id, "role": role}, work)

    def toggle_active(self) -> None:
        user_id = self._selected()
        if user_id is None:
            return
        active = not self._accounts.is_active(user_id)

        def work() -> str:
            self._accounts.set_active(by=self.user, user_id=user_id, active=active)
            return (self.tr("%1 may sign in again.") if active else self.tr("%1 is disabled.")).replace("%1", user_id)
        self._act("user.enable" if active else "user.disable", {"user": user_id}, work)

    def reset_pin(self) -> None:
        user_id = self._selected()
        if user_id is None:
            return

        def work() -> str:
            pin = self._accounts.reset_pin(by=self.user, user_id=user_id)
            return self.tr("New one-time PIN for %1: %2").replace("%1", user_id).replace("%2", pin)
        self._act("user.reset_pin", {"user": user_id}, work)

    def change_role(self) -> None:
        user_id, role = self._selected(), self.role.currentText()
        if user_id is None:
            return

        def work() -> str:
            what = self.tr("Make %1 %2.").replace("%1", user_id).replace("%2", role)
            signature = self._confirm(self.user, what, "authorised") if self._confirm else None
            if signature is None:
                raise PermissionError(self.tr("Not changed: not confirmed with your PIN."))
            self._accounts.set_role(by=self.user, user_id=user_id, role=role, signature=signature)
            return self.tr("%1 is now %2.").replace("%1", user_id).replace("%2", role)
        self._act("user.role", {"user": user_id, "role": role}, work)
