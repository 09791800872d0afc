"""Read and check a station file (YAML); every error names the file, the line and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pyvisa.rname import InvalidResourceName, parse_resource_name

from instruments.benches import BENCH_KINDS, BENCH_RULES, parse_socket_resource
from instruments.drivers import (
    DRIVERS,
    OPTIONAL_ROLES,
    ROLE_KINDS,
    UNMEASURED_KINDS,
    DriverEntry,
    build_driver,
)
from instruments.station_config import (
    BenchConfig,
    InstrumentConfig,
    SignalChannel,
    StationConfig,
    StationFileError,
)
from instruments.yaml_nodes import NodeReader, read_text

_TOP_FIELDS = ("station", "location", "bench", "visa_library", "results_index", "instruments",
               "signals")
_DATABASE_URL = re.compile(r"[a-z][a-z0-9+]*://.*")
_INSTRUMENT_FIELDS = ("driver", "resource", "timeout_s", "calibration_due")
_SIGNAL_FIELDS = ("instrument", "channel", "unit", "volts_per_unit", "marks_per_rev", "placement")
_SIGNAL_NAME = re.compile(r"[a-z][a-z0-9_]*")
_HIGHEST_PORT = 65535
# The simulator's model steps are tuned for time scales up to a few hundred
# (instruments/sim/world.py); far beyond, its threads cannot keep up with the clock.
_TIME_SCALE_MAX = 1000.0
_SEED_MAX = 2**63 - 1  # numpy's seed sequences and the records store it as a 64-bit integer
_MARKS_PER_REV_MAX = 360  # an optical mark every degree is already far more than a tachometer disc has


def load_station(path: str | Path) -> StationConfig:
    """Read a station file; raise StationFileError("<file>:<line>: <field>: <what>") if it is wrong."""
    reader = NodeReader(str(path), StationFileError)
    root = reader.compose(read_text(path, StationFileError))
    top = reader.mapping(root, "", allowed=_TOP_FIELDS,
                         required=("station", "bench", "instruments", "signals"))
    bench = _bench(reader, top["bench"])
    visa_library = reader.string(top["visa_library"], "visa_library") if "visa_library" in top else "@py"
    instruments = _instruments(reader, top["instruments"], bench, visa_library)
    return StationConfig(
        name=reader.string(top["station"], "station"),
        location=reader.string(top["location"], "location") if "location" in top else "",
        bench=bench,
        visa_library=visa_library,
        instruments=instruments,
        signals=_signals(reader, top["signals"], instruments),
        results_index=_results_index(reader, top["results_index"]) if "results_index" in top else None,
        source=str(path),
    )


def _results_index(reader: NodeReader, node: yaml.Node) -> str:
    url = reader.string(node, "results_index")
    if not _DATABASE_URL.fullmatch(url):
        reader.fail(node, "results_index", f"expected a database URL such as "
                    f"postgresql://user@host/rig or sqlite:///path, got {url!r}")
    return url


def _bench(reader: NodeReader, node: yaml.Node) -> BenchConfig:
    fields = reader.mapping(node, "bench", required=("kind",),
                            allowed=("kind", "time_scale", "seed", "defect_share"))
    kind = reader.string(fields["kind"], "bench.kind")
    if kind not in BENCH_KINDS:
        reader.fail(fields["kind"], "bench.kind", f"unknown bench {kind!r}; expected one of "
                    f"{', '.join(BENCH_KINDS)}")
    for key, value in fields.items():
        if key != "kind" and key not in BENCH_RULES[kind].settings:
            reader.fail(value, f"bench.{key}", f"a {kind} bench has no {key}")
    return BenchConfig(
        kind=kind,
        time_scale=reader.number(fields["time_scale"], "bench.time_scale", low=0.0, low_open=True,
                                 high=_TIME_SCALE_MAX)
        if "time_scale" in fields else 1.0,
        seed=reader.integer(fields["seed"], "bench.seed", low=0, high=_SEED_MAX) if "seed" in fields else 0,
        defect_share=reader.number(fields["defect_share"], "bench.defect_share", low=0.0, high=1.0)
        if "defect_share" in fields else 0.0,
    )


def _instruments(reader: NodeReader, node: yaml.Node, bench: BenchConfig,
                 visa_library: str) -> dict[str, InstrumentConfig]:
    roles = reader.mapping(node, "instruments", allowed=tuple(ROLE_KINDS),
                           required=tuple(role for role in ROLE_KINDS if role not in OPTIONAL_ROLES))
    return {role: _instrument(reader, role, value, bench, visa_library)
            for role, value in roles.items()}


def _instrument(reader: NodeReader, role: str, node: yaml.Node, bench: BenchConfig,
                visa_library: str) -> InstrumentConfig:
    path = f"instruments.{role}"
    fields = reader.mapping(node, path, required=("driver",))
    driver = reader.string(fields["driver"], f"{path}.driver")
    entry = DRIVERS.get(driver)
    if entry is None:
        reader.fail(fields["driver"], f"{path}.driver",
                    f"unknown driver {driver!r}; expected one of {', '.join(sorted(DRIVERS))}")
    if entry.kind != ROLE_KINDS[role]:
        reader.fail(fields["driver"], f"{path}.driver",
                    f"{driver} is {_a(entry.kind)} driver; {role} needs {_a(ROLE_KINDS[role])} driver")
    for key, value in fields.items():
        if key not in _INSTRUMENT_FIELDS and key not in entry.options:
            known = ", ".join((*_INSTRUMENT_FIELDS, *entry.options))
            reader.fail(reader.key_node(f"{path}.{key}") or value, f"{path}.{key}",
                        f"unknown field for {driver}; expected one of {known}")
    config = InstrumentConfig(
        role=role, driver=driver,
        resource=_resource(reader, fields, path, entry, bench),
        timeout_s=reader.number(fields["timeout_s"], f"{path}.timeout_s", low=0.0, low_open=True,
                                high=600.0) if "timeout_s" in fields else 2.0,
        calibration_due=reader.date(fields["calibration_due"], f"{path}.calibration_due")
        if "calibration_due" in fields else None,
        options=_options(reader, fields, path, entry),
    )
    _try_building(reader, node, path, entry, config, visa_library)
    return config


def _resource(reader: NodeReader, fields: dict[str, yaml.Node], path: str, entry: DriverEntry,
              bench: BenchConfig) -> str | None:
    if "resource" not in fields:
        if entry.needs_resource:
            reader.fail(reader.key_node(f"{path}.driver"), f"{path}.resource", "missing")
        return None
    node = fields["resource"]
    resource = reader.string(node, f"{path}.resource")
    try:
        parse_resource_name(resource)
    except InvalidResourceName as exc:
        reader.fail(node, f"{path}.resource", f"{resource!r} is not a VISA resource name: {exc}")
    address = parse_socket_resource(resource)
    rules = BENCH_RULES[bench.kind]
    if rules.sockets_only and address is None:
        reader.fail(node, f"{path}.resource", f"a {bench.kind} bench serves "
                    f"TCPIP0::<host>::<port>::SOCKET resources only, not {resource!r}")
    if address is not None and not 0 <= address[1] <= _HIGHEST_PORT:
        reader.fail(node, f"{path}.resource", f"port {address[1]} does not exist: TCP ports are "
                    f"1 to {_HIGHEST_PORT} (0: any free port, on a simulated bench)")
    if not rules.free_ports and address is not None and address[1] == 0:
        reader.fail(node, f"{path}.resource", f"port 0 (any free port) does not work with a "
                    f"{bench.kind} bench; give the instrument's real port")
    return resource


def _options(reader: NodeReader, fields: dict[str, yaml.Node], path: str,
             entry: DriverEntry) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for key, kind in entry.options.items():
        if key in fields:
            where = f"{path}.{key}"
            options[key] = (reader.string(fields[key], where) if kind is str
                            else reader.boolean(fields[key], where) if kind is bool
                            else reader.number(fields[key], where, low=0.0, low_open=True))
    return options


def _a(kind: str) -> str:
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def _try_building(reader: NodeReader, node: yaml.Node, path: str, entry: DriverEntry,
                  config: InstrumentConfig, visa_library: str) -> None:
    """Construct the driver once (constructors do no I/O) so bad options fail here, with a line."""
    try:
        build_driver(entry, config.role, resource=config.resource, timeout_s=config.timeout_s,
                     visa_library=visa_library, options=config.options)
    except (ValueError, TypeError) as exc:
        option = next(iter(config.options), "driver")
        reader.fail(reader.key_node(f"{path}.{option}") or node, f"{path}.{option}", str(exc))


def _signals(reader: NodeReader, node: yaml.Node,
             instruments: dict[str, InstrumentConfig]) -> dict[str, SignalChannel]:
    signals: dict[str, SignalChannel] = {}
    seen: dict[tuple[str, str], str] = {}
    for name, value in reader.mapping(node, "signals").items():
        path = f"signals.{name}"
        if not _SIGNAL_NAME.fullmatch(name):
            reader.fail(reader.key_node(path), path, "signal names are lower_case_with_underscores")
        signal = _signal(reader, name, value, instruments)
        key = (signal.instrument, signal.channel)
        if key in seen:
            reader.fail(value, path, f"{signal.instrument} channel {signal.channel} already carries "
                        f"{seen[key]}")
        seen[key] = name
        signals[name] = signal
    return signals


def _signal(reader: NodeReader, name: str, node: yaml.Node,
            instruments: dict[str, InstrumentConfig]) -> SignalChannel:
    path = f"signals.{name}"
    fields = reader.mapping(node, path, allowed=_SIGNAL_FIELDS, required=("instrument", "channel", "unit"))
    role = reader.string(fields["instrument"], f"{path}.instrument")
    if role not in instruments or ROLE_KINDS[role] in UNMEASURED_KINDS:
        measuring = [r for r in instruments if ROLE_KINDS[r] not in UNMEASURED_KINDS]
        reader.fail(fields["instrument"], f"{path}.instrument",
                    f"unknown instrument {role!r}; expected one of {', '.join(measuring)}")
    channel = str(reader.scalar(fields["channel"], f"{path}.channel"))
    entry = DRIVERS[instruments[role].driver]
    if entry.channels and channel not in entry.channels:
        reader.fail(fields["channel"], f"{path}.channel", f"{instruments[role].driver} has no channel "
                    f"{channel!r}; expected one of {', '.join(entry.channels)}")
    kind = ROLE_KINDS[role]
    volts_per_unit = marks_per_rev = None
    if kind == "daq":
        if "volts_per_unit" not in fields:
            reader.fail(node, f"{path}.volts_per_unit", "missing (a DAQ signal needs its calibration)")
        volts_per_unit = reader.number(fields["volts_per_unit"], f"{path}.volts_per_unit",
                                       low=0.0, low_open=True)
    elif kind == "tachometer":
        if "marks_per_rev" not in fields:
            reader.fail(node, f"{path}.marks_per_rev", "missing (a tachometer signal needs it)")
        marks_per_rev = reader.integer(fields["marks_per_rev"], f"{path}.marks_per_rev", low=1,
                                       high=_MARKS_PER_REV_MAX)
    for key in ("volts_per_unit", "marks_per_rev"):
        if key in fields and not (key == "volts_per_unit" and kind == "daq"
                                  or key == "marks_per_rev" and kind == "tachometer"):
            reader.fail(fields[key], f"{path}.{key}", f"a {kind} signal has no {key}")
    return SignalChannel(
        signal=name, instrument=role, channel=channel,
        unit=reader.string(fields["unit"], f"{path}.unit"),
        volts_per_unit=volts_per_unit, marks_per_rev=marks_per_rev,
        placement=reader.string(fields["placement"], f"{path}.placement") if "placement" in fields else "",
    )
