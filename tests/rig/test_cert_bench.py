"""A certificate for a batch run through the runner on the real simulated bench, end to end.

The sampled tests of the spec are shortened (dwell 60 s, 3 durability cycles)
so the batch takes seconds; the spec stays data, and its own hash is the one
the records and the certificate carry.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import pytest
from pypdf import PdfReader

from rig.certificates import CertificateRefused, issue_certificate, verify_certificate
from rig.index import ResultsIndex
from rig.model import RunRequest, Verdict
from rig.paths import DataDir
from rig.protected import file_sha256
from rig.runner import run_unit
from rig.specs import load_spec_text
from rig.users import User
from tests.sim_station import open_sim_station

REPO = Path(__file__).resolve().parents[2]
BATCH = "PT-BENCH-1"
GOOD = [f"GPM-{n:06d}" for n in range(4101, 4106)]
DEFECTIVE = "GPM-004199"


def short_sample_spec():
    text = (REPO / "specs/general-purpose.yaml").read_text(encoding="utf-8")
    text = text.replace("params: {dwell_s: 900,", "params: {dwell_s: 60,")
    text = text.replace("params: {cycles: 20, on_s: 60, off_s: 30,",
                        "params: {cycles: 3, on_s: 10, off_s: 5,")
    return load_spec_text(text, "general-purpose (short sampled tests)")


@pytest.fixture(scope="module")
def tested_batch(tmp_path_factory):
    """Run five good units (two with the sample sequence) and one misaligned unit; index them."""
    data_dir = DataDir(tmp_path_factory.mktemp("bench-data"))
    spec = short_sample_spec()
    summaries = []
    with open_sim_station(50.0) as station:
        for number, serial in enumerate([*GOOD, DEFECTIVE]):
            station.bench.force_defect(serial, "misalignment" if serial == DEFECTIVE else "none")
            request = RunRequest(serial=serial, product="general-purpose", operator="op1",
                                 sequence="sample" if number < 2 else "eol", batch=BATCH)
            summaries.append(run_unit(station, spec, request, records_dir=data_dir.records))
    index = ResultsIndex(data_dir.index_url)
    # Indexed with each record's hash as the run ends (a rebuild takes no hash from a file).
    index.add_many([(s, file_sha256(Path(s.record_path))) for s in summaries])
    yield data_dir, index, {s.serial: s for s in summaries}
    index.close()


@pytest.mark.slow
def test_a_bench_batch_is_refused_then_certified_with_the_failed_unit_excluded(tested_batch,
                                                                               tmp_path):
    data_dir, index, summaries = tested_batch
    assert [summaries[s].verdict for s in GOOD] == [Verdict.PASS] * len(GOOD)
    assert summaries[DEFECTIVE].verdict is Verdict.FAIL
    engineer = User("eng1", "Dana Whitfield", "engineer")

    with pytest.raises(CertificateRefused, match=f"{DEFECTIVE}: FAIL .*second_harmonic"):
        issue_certificate(index, data_dir, BATCH, engineer, tmp_path / "refused.pdf",
                          aql_percent=6.5)

    out = tmp_path / "cert.pdf"
    cert = issue_certificate(index, data_dir, BATCH, engineer, out, aql_percent=6.5,
                             exclusions={DEFECTIVE: "misaligned: 2x harmonic; to rework"})
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    for serial in [*GOOD, DEFECTIVE]:
        assert serial in text
    assert summaries[GOOD[0]].spec_sha256 in text.replace("\n", "")
    assert "misaligned: 2x harmonic; to rework" in text
    assert "2 unit(s) tested with the 'sample' sequence (required 2), 2 passed" in text
    assert cert.quantity == len(GOOD)
    assert verify_certificate(out, data_dir).verified

    with h5py.File(summaries[GOOD[3]].record_path, "r+") as f:
        f.attrs["operator"] = "someone else"
    result = verify_certificate(out, data_dir)
    assert result.serials_at_fault == [GOOD[3]]
    assert [f.kind for f in result.findings] == ["changed"]
