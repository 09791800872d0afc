"""The audit log: appending, and finding edited, deleted, reordered or cut-off entries."""

from __future__ import annotations

import json

import pytest

from rig.audit import AuditLog


@pytest.fixture()
def log(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    log.append(actor="admin", role="administrator", action="user.add", details={"user": "eve"})
    log.append(actor="eve", role="engineer", action="spec.set",
               details={"product": "quad-head", "measurement": "high.current", "high": 0.8})
    log.append(actor="eve", role="engineer", action="spec.set",
               details={"product": "quad-head", "measurement": "low.ripple", "high": 22})
    log.append(actor="admin", role="administrator", action="user.add", details={"user": "tim"})
    return log


def _lines(log):
    return log.path.read_text().splitlines()


def _write(log, lines):
    log.path.write_text("".join(line + "\n" for line in lines))


def test_an_untouched_log_verifies_and_reads_back(log):
    assert log.verify() == []
    entries = log.entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[1].details["high"] == 0.8
    assert entries[1].prev_hash == entries[0].hash


def test_an_edited_entry_is_named(log):
    lines = _lines(log)
    data = json.loads(lines[1])
    data["details"]["high"] = 0.9
    lines[1] = json.dumps(data)
    _write(log, lines)
    problems = log.verify()
    assert problems and all("entry 2" in p for p in problems)
    assert "edited" in problems[0]


def test_an_edit_with_a_recomputed_hash_still_breaks_the_chain(log):
    from rig.audit import AuditEntry, entry_hash

    lines = _lines(log)
    data = json.loads(lines[1])
    data["actor"] = "mallory"
    entry = AuditEntry(**data)
    data["hash"] = entry_hash(entry)
    lines[1] = json.dumps(data)
    _write(log, lines)
    assert any(p.startswith("entry 3:") for p in log.verify())


def test_a_deleted_entry_is_named(log):
    lines = _lines(log)
    del lines[2]
    _write(log, lines)
    problems = log.verify()
    assert any(p.startswith("entry 3:") for p in problems)


def test_reordered_entries_are_found(log):
    lines = _lines(log)
    lines[1], lines[2] = lines[2], lines[1]
    _write(log, lines)
    problems = log.verify()
    assert any(p.startswith("entry 2:") for p in problems)
    assert any(p.startswith("entry 3:") for p in problems)


def test_a_cut_off_tail_is_found_through_the_head_file(log):
    _write(log, _lines(log)[:3])
    problems = log.verify()
    assert problems == [problems[0]]
    assert "entry 4" in problems[0] and "cut off" in problems[0]


def test_appending_continues_the_chain_after_reopening(log):
    again = AuditLog(log.path)
    entry = again.append(actor="eve", role="engineer", action="spec.set", details={})
    assert entry.seq == 5
    assert entry.prev_hash == log.entries()[3].hash
    assert again.verify() == []


def test_an_empty_log_verifies(tmp_path):
    assert AuditLog(tmp_path / "none.jsonl").verify() == []
    assert AuditLog(tmp_path / "none.jsonl").entries() == []


def test_an_entry_written_just_before_a_crash_is_adopted_not_forked(log):
    head_before = log.head_path.read_text()
    log.append(actor="eve", role="engineer", action="spec.set", details={"n": 5})
    log.head_path.write_text(head_before)  # the crash: the head never saw entry 5
    assert log.verify() == [
        "entry 5: not recorded in the head file (appended outside the audit log)"]
    entry = log.append(actor="eve", role="engineer", action="spec.set", details={"n": 6})
    assert entry.seq == 6
    assert log.verify() == []


def test_appends_from_many_threads_keep_one_chain(tmp_path):
    import threading

    log = AuditLog(tmp_path / "audit.jsonl")

    def write(writer: int) -> None:
        for n in range(20):
            AuditLog(log.path).append(actor=f"w{writer}", role="engineer", action="test",
                                      details={"n": n})

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert log.verify() == []
    assert [e.seq for e in log.entries()] == list(range(1, 81))
