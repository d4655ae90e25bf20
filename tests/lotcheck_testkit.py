"""Shared helpers for the batch and report tests (kept out of conftest.py on purpose).

* :func:`make_lots`: a folder of small lots made by copying and tweaking the example lots;
* :class:`ExplodingRule`: a rule that fails the way a worker can (MemoryError, a killed process);
* :func:`png_info`: a tiny PNG reader (size, distinct colours) to judge a screenshot without Pillow;
* :func:`run_cli`: ``python -m lotcheck`` in a subprocess that imports *this* worktree's code.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide
from lotcheck.rules.base import CheckContext, Rule

ROOT = Path(__file__).resolve().parent.parent
#: the TISS XSD sets and samples, read in place beside the repository (never copied into it)
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
CONTRACT = ROOT / "price_tables" / "ipsm-exemplo"
ERRORS_LOT = EXAMPLES / "lote-com-erros.xml"
CLEAN_LOT = EXAMPLES / "lote-limpo.xml"
#: the two lots billed against the ipsm-exemplo contract (examples/ also holds dental lots of
#: another contract), relative to the repository root as a user would type them
IPSM_LOTS = [Path("examples/lote-com-erros.xml"), Path("examples/lote-limpo.xml")]


def make_lots(folder: Path, count: int) -> list[Path]:
    """Write ``count`` small lots: the two examples in turn, each with its own lot number, and
    every third one with a unit value changed (a new mismatch and a hash that no longer matches),
    so the batch has lots with and without findings of several kinds."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [ERRORS_LOT.read_bytes(), CLEAN_LOT.read_bytes()]
    paths = []
    for n in range(count):
        data = sources[n % 2]
        number = f"{5000 + n}".encode()
        data = data.replace(b"<ans:numeroLote>1002<", b"<ans:numeroLote>" + number + b"<")
        data = data.replace(b"<ans:numeroLote>1001<", b"<ans:numeroLote>" + number + b"<")
        if n % 3 == 0:
            data = data.replace(b"<ans:valorUnitario>12.50<", b"<ans:valorUnitario>12.60<", 1)
        path = folder / f"lote-{n:04d}.xml"
        path.write_bytes(data)
        paths.append(path)
    return paths


class ExplodingRule(Rule):
    """Fails for files whose name says so, outside the engine's per-rule safety net.

    ``oom`` in the name raises MemoryError when the rule is created (the engine only guards the
    rule's checks); ``kill`` kills the worker process outright, as the OOM killer would. In the
    main process ``kill`` raises instead, so a mistake cannot take pytest down. ``slow`` takes
    two seconds in a worker, so that a file is surely still being checked when another one kills
    the worker beside it.
    """

    id = "test.exploding"
    codes = ()

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        name = ctx.path.name
        if "oom" in name:
            raise MemoryError("simulated out of memory")
        if "kill" in name:
            if multiprocessing.parent_process() is None:
                raise RuntimeError("would kill the main process")
            os._exit(9)
        if "slow" in name and multiprocessing.parent_process() is not None:
            time.sleep(2)

    def check_guide(self, guide: Guide) -> Iterable[Hit]:
        return ()


def png_info(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct colours) of an 8-bit RGB/RGBA PNG, as Chromium writes them."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat, width = 8, b"", 0
    height = color_type = depth = interlace = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if depth != 8 or color_type not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {color_type}")
    bpp = 3 if color_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    colours: set[bytes] = set()
    offset = 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        for i in range(0, stride, bpp * 7):  # a sample is plenty to count colours
            colours.add(bytes(line[i : i + 3]))
        previous = line
    return width, height, len(colours)


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a ``python -m lotcheck`` subprocess: this worktree's ``src`` first
    (an editable install elsewhere must not win), a fixed report time, no colour."""
    env = {k: v for k, v in os.environ.items() if k not in ("LOTCHECK_LANG", "COLUMNS")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def run_cli(
    args: Sequence[str], cwd: Path = ROOT, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "lotcheck", *args],
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    """A TCP port free on the loopback now (for a server a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
