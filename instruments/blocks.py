"""IEEE 488.2 definite-length blocks and the DAQ's int16 sample format."""

from __future__ import annotations

import numpy as np

from instruments.errors import ProtocolError

FULL_SCALE_CODE = 32768  # volts = code x range / 32768


def parse_block_header(head: bytes, command: str = "", instrument: str = "") -> int:
    """Check the first two bytes of a block (``#<n>``) and return n, the count of length digits."""
    if len(head) != 2 or head[:1] != b"#" or head[1:2] not in b"123456789":
        where = f" in reply to {command!r}" if command else ""
        raise ProtocolError(f"expected a definite-length block{where}, got {head!r}",
                            instrument=instrument)
    return int(head[1:2])


def encode_block(payload: bytes) -> bytes:
    """Frame a payload as ``#<n><len><payload>\\n`` (for servers and tests)."""
    length = str(len(payload)).encode("ascii")
    return b"#" + str(len(length)).encode("ascii") + length + payload + b"\n"


def split_block(message: bytes) -> bytes:
    """Return the payload of one whole framed block (header, payload, trailing newline)."""
    n_digits = parse_block_header(message[:2])
    try:
        length = int(message[2:2 + n_digits].decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(f"bad block length {message[2:2 + n_digits]!r}") from exc
    start = 2 + n_digits
    if len(message) != start + length + 1 or message[-1:] != b"\n":
        raise ProtocolError(f"block of {len(message)} bytes does not match its header ({length})")
    return message[start:start + length]


def codes_to_volts(payload: bytes, n_channels: int, range_v: float, *,
                   instrument: str = "") -> np.ndarray:
    """Decode interleaved little-endian int16 codes into volts, shape (n_samples, n_channels)."""
    frame_bytes = 2 * n_channels
    if n_channels < 1 or len(payload) % frame_bytes:
        raise ProtocolError(f"block of {len(payload)} bytes is not whole frames of "
                            f"{n_channels} int16 channels", instrument=instrument)
    codes = np.frombuffer(payload, dtype="<i2").reshape(-1, n_channels)
    return codes.astype(np.float64) * (range_v / FULL_SCALE_CODE)


def volts_to_codes(volts: np.ndarray, range_v: float) -> bytes:
    """Encode volts, shape (n_samples, n_channels), as interleaved int16 codes (for tests)."""
    codes = np.clip(np.round(np.asarray(volts) * (FULL_SCALE_CODE / range_v)), -32768, 32767)
    return codes.astype("<i2").tobytes()
