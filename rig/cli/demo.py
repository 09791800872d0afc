"""The headless demo: a few units through the same session core, printed like the CLI.

Used by ``rig gui`` on a machine without a display (and by ``rig demo``), so
``make run`` shows the station working everywhere. No Qt here.
"""

from __future__ import annotations

import threading
from typing import TextIO

from rig.events import Event, MeasurementMade, RunStarted, StepFinished
from rig.model import RunRequest, Verdict
from rig.station_session import StationSession

DEMO_OPERATOR = "demo"


def _printer(out: TextIO):
    def show(event: Event) -> None:
        if isinstance(event, RunStarted):
            print(f"  {event.request.serial}: {len(event.steps)} steps, "
                  f"about {event.expected_duration_s:.0f} s", file=out, flush=True)
        elif isinstance(event, MeasurementMade):
            m = event.measurement
            mark = "" if m.verdict is Verdict.PASS else f"  <-- {m.verdict.value}"
            print(f"    {m.name:<28} {m.value:>10.4g} {m.unit:<5}{mark}", file=out, flush=True)
        elif isinstance(event, StepFinished) and event.verdict in (Verdict.ERROR, Verdict.ABORTED):
            print(f"    {event.step}: {event.verdict.value} {event.message}", file=out, flush=True)
    return show


def demo_serials(session: StationSession, units: int) -> list[RunRequest]:
    """Return a few requests, spread over the products, with serials that fit their patterns."""
    products = list(session.products.values())
    requests = []
    for number in range(1, units + 1):
        rules = products[(number - 1) % len(products)]
        prefix = rules.serial_pattern.split("-", 1)[0]
        requests.append(RunRequest(serial=f"{prefix}-{900000 + number:06d}", product=rules.product,
                                   sequence=rules.sequences[0], operator=DEMO_OPERATOR,
                                   batch=f"demo-{rules.product}"))  # one product per batch
    return requests


def run_demo(session: StationSession, units: int, out: TextIO, stop: threading.Event | None = None) -> int:
    """Test ``units`` units one after another; print each run and the shift's figures."""
    stop = stop if stop is not None else threading.Event()
    for request in demo_serials(session, units):
        check = session.check_serial(request.product, request.serial, request.batch)
        if not check.accepted:
            print(f"{request.serial}: refused: {check.message}", file=out)
            continue
        print(f"Testing {request.serial} ({request.product}, {request.sequence})", file=out, flush=True)
        outcome = session.run(request, observers=[_printer(out)], stop=stop)
        summary = outcome.summary
        detail = summary.error or ", ".join(m.name for m in summary.failed_measurements)
        print(f"  => {summary.verdict.value}{': ' + detail if detail else ''}", file=out)
        print(f"  {outcome.disposition.message}", file=out)
        print(f"  {outcome.shift.describe()}", file=out, flush=True)
        if stop.is_set():
            break
    return 0
