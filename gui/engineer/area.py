"""The Engineering area: the engineer's tabs, reached from the work screen by engineers only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from gui.engineer.certificate import CertificateView
from gui.engineer.limits_editor import LimitsEditor
from gui.engineer.revisions import RevisionHistory
from gui.engineer.statistics import StatisticsView
from rig.engineering import Engineering
from rig.users import User


class EngineeringArea(QWidget):
    """Spec limits, revisions, statistics and certificates, over one ``Engineering`` core."""

    back_requested = Signal()

    def __init__(self, engineering: Engineering, parent: QWidget | None = None, *,
                 confirm: Callable[[User, str], bool] | None = None) -> None:
        super().__init__(parent)
        self.engineering = engineering
        self.user_label = QLabel()
        self.back_button = QPushButton("Back to testing")
        self.limits = LimitsEditor(engineering)
        self.revisions = RevisionHistory(engineering)
        self.statistics = StatisticsView(engineering)
        self.certificate = CertificateView(engineering)
        # Publishing a revision and issuing a certificate sign for the station: confirmed with a PIN.
        self.limits.confirm = self.certificate.confirm = confirm
        self.tabs = QTabWidget()
        self.tabs.addTab(self.limits, "Spec limits")
        self.tabs.addTab(self.revisions, "Revisions")
        self.tabs.addTab(self.statistics, "Statistics")
        self.tabs.addTab(self.certificate, "Certificate")
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.user_label)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.back_button.clicked.connect(self.back_requested)
        self.limits.published.connect(lambda _spec: self.revisions.reload())
        self.tabs.currentChanged.connect(self._tab_shown)

    def set_user(self, user: User | None) -> None:
        """Act for this person from now on (publishing and issuing are theirs)."""
        self.limits.user = user
        self.certificate.user = user
        self.user_label.setText(f"Engineering · <b>{user.name}</b> ({user.role})" if user else "")

    def refresh(self) -> None:
        """Read revisions, runs and batches again (the CLI or a run may have added some)."""
        self.limits.reload()
        self.revisions.reload()
        self.certificate.reload_batches()
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, _index: int) -> None:
        # Runs finish and revisions appear while the area is closed: show fresh data.
        current = self.tabs.currentWidget()
        if current is self.statistics:
            self.statistics.refresh()
        elif current is self.revisions:
            self.revisions.reload()
