"""Ask the signed-in user for their PIN again: an electronic signature of an act, with its meaning."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from rig.users import AuthenticationError, Signature, User


class PinConfirmation(QDialog):
    """A small modal dialog: what is about to happen, and the PIN field."""

    def __init__(self, accounts, user: User, what: str, meaning: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._user = user
        self._meaning = meaning
        self.signature: Signature | None = None
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
        """Sign and accept when the PIN is the signed-in user's; say why not and stay open otherwise."""
        try:
            self.signature = self._accounts.sign(self._user.user_id, self.pin.text(), self._meaning)
        except AuthenticationError as exc:
            self.message.setText(self.tr("Wrong PIN.") if type(exc) is AuthenticationError else str(exc))
            self.pin.clear()
            return
        self.accept()


def confirm_with_pin(accounts, user: User, what: str, meaning: str,
                     parent: QWidget | None = None) -> Signature | None:
    """Return the user's signature of ``what`` (meaning e.g. "approved"), None if not given."""
    dialog = PinConfirmation(accounts, user, what, meaning, parent)
    return dialog.signature if dialog.exec() == QDialog.DialogCode.Accepted else None
