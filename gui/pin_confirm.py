"""Ask the signed-in user for their PIN again before an act that signs for the station."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from rig.users import AuthenticationError, User


class PinConfirmation(QDialog):
    """A small modal dialog: what is about to happen, and the PIN field."""

    def __init__(self, accounts, user: User, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._user = user
        self.setWindowTitle(self.tr("Confirm with your PIN"))
        self.what = QLabel(what, wordWrap=True)
        self.pin = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("PIN of %1").replace("%1", user.user_id))
        self.message = QLabel(styleSheet="color: #b71c1c; font-weight: bold;", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.what, self.pin, self.message, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)

    def check(self) -> None:
        """Accept when the PIN is the signed-in user's; say so and stay open otherwise."""
        try:
            self._accounts.authenticate(self._user.user_id, self.pin.text())
        except AuthenticationError:
            self.message.setText(self.tr("Wrong PIN."))
            self.pin.clear()
            return
        self.accept()


def confirm_with_pin(accounts, user: User, what: str, parent: QWidget | None = None) -> bool:
    """Return True when the user typed their PIN to confirm ``what``."""
    return PinConfirmation(accounts, user, what, parent).exec() == QDialog.DialogCode.Accepted
