"""The certificate view on real widgets: review, exclude, issue a real PDF, verify it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_engineer_support import ENGINEER, TECHNICIAN, station_data_in

from gui.engineer.certificate import REASON_COLUMN, CertificateView
from rig.certificates import verify_certificate


@pytest.fixture
def station_data(tmp_path):
    yield from station_data_in(tmp_path)


def make_view(qtbot, station_data, user=ENGINEER) -> CertificateView:
    view = CertificateView(station_data.engineering)
    qtbot.addWidget(view)
    view.user = user
    return view


def test_issuing_from_the_view_writes_a_certificate_that_verifies(qtbot, station_data, tmp_path):
    serials = station_data.good_batch("L26-050", units=8, sampled=5)
    view = make_view(qtbot, station_data)
    assert view.batch.currentText() == "L26-050"
    assert view.units.rowCount() == 8 and "Ready to issue" in view.summary.text()
    assert view.issue_button.isEnabled()

    out = tmp_path / "out" / "L26-050.pdf"
    view.out_path.setText(str(out))
    qtbot.mouseClick(view.issue_button, Qt.MouseButton.LeftButton)
    assert out.exists(), view.message.text()
    assert "Certificate COC-" in view.message.text() and "for 8 unit(s)" in view.message.text()
    result = verify_certificate(out, station_data.data_dir)
    assert result.verified and result.units_checked == len(serials)
    assert station_data.audit.entries()[-1].action == "cert.issue"

    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)  # the issued PDF is filled in
    assert "VERIFIED: every record matches." in view.verify_result.toPlainText()


def test_a_failed_unit_blocks_the_batch_until_it_is_excluded_with_a_reason(qtbot, station_data, tmp_path):
    station_data.good_batch("L26-051", units=8, sampled=5)
    station_data.run("GPM-000900", "L26-051", high_current_a=0.82)
    view = make_view(qtbot, station_data)
    row = next(r for r in range(view.units.rowCount()) if view.units.item(r, 0).text() == "GPM-000900")
    assert view.units.item(row, 3).text() == "problem"
    assert "high.current" in view.units.item(row, 4).text()
    assert not view.issue_button.isEnabled()
    assert "1 unit(s) stand in the way" in view.summary.text()

    view.set_exclusion("GPM-000900", "scrapped: dropped on the line")
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    row = next(r for r in range(view.units.rowCount()) if view.units.item(r, 0).text() == "GPM-000900")
    assert view.units.item(row, 3).text() == "excluded"
    assert view.units.item(row, REASON_COLUMN).text() == "scrapped: dropped on the line"
    assert view.issue_button.isEnabled()
    view.out_path.setText(str(tmp_path / "c.pdf"))
    view.issue()
    assert verify_certificate(tmp_path / "c.pdf", station_data.data_dir).verified
    assert station_data.audit.entries()[-1].details["exclusions"] == {
        "GPM-000900": "scrapped: dropped on the line"}


def test_a_refusal_and_a_changed_record_are_shown(qtbot, station_data, tmp_path):
    station_data.good_batch("L26-052", units=8, sampled=5)
    view = make_view(qtbot, station_data, user=TECHNICIAN)
    view.out_path.setText(str(tmp_path / "t.pdf"))
    view.issue()
    assert "Not issued: t1 (technician) may not issue certificates" in view.message.text()

    view.user = ENGINEER
    view.issue()
    record = next(station_data.data_dir.records.rglob("*.h5"))
    record.write_bytes(record.read_bytes() + b"tampered")
    view.verify_path.setText(str(tmp_path / "t.pdf"))
    view.verify()
    assert "NOT VERIFIED" in view.verify_result.toPlainText()
    assert "changed" in view.verify_result.toPlainText()
