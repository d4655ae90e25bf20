"""Load benchmark of ``lotcheck serve`` (issue 16): concurrent clients posting lots on loopback.

Starts ``python -m lotcheck serve`` on 127.0.0.1 (a free port) as a subprocess, then
``--clients`` threads (20 by default), each with its own HTTP connection, post the example lots
(``examples/lote-com-erros.xml`` and ``lote-limpo.xml``, alternately, against
``price_tables/ipsm-exemplo``) to ``POST /api/v1/check`` as raw XML for ``--seconds`` (60 by
default). It prints the throughput, the p50 and p99 latency, the errors (any answer that is not
a 200 holding the expected report; the run fails unless they are 0) and the peak resident
memory of the server's process tree (the server and its worker processes, summed, sampled from
``/proc`` every 100 ms).

Bounded in time and count: the clients stop at the deadline or after ``--max-requests`` in all,
each request times out after 120 s, and the server is stopped (SIGTERM, then SIGKILL) whatever
happens. The official XSD sets are read in place from ``../shared/tiss-xsd`` when they are
there, so each check validates as in the tests.

    python bench/serve_load.py                 # 20 clients, 60 s
    python bench/serve_load.py --seconds 20    # a loaded machine
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOTS = (ROOT / "examples" / "lote-com-erros.xml", ROOT / "examples" / "lote-limpo.xml")
#: the errors each lot's report must count (examples/README.md: five planted in the first)
EXPECTED_ERRORS = (5, 0)
XSD = ROOT.parent / "shared" / "tiss-xsd"
REQUEST_TIMEOUT = 120.0
START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tree(root: int) -> list[int]:
    """``root`` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """The peak of the summed RSS of the server's process tree."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.peak_processes = pid, 0, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)
            total = sum(_rss_kib(p) for p in pids)
            if total > self.peak_kib:
                self.peak_kib, self.peak_processes = total, len(pids)
            self.stop.wait(0.1)


def _start(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    if XSD.is_dir():
        env.setdefault("LOTCHECK_XSD_DIR", str(XSD))
    command = [sys.executable, "-m", "lotcheck", "serve", "--port", str(port)]
    command += ["--contracts", str(ROOT / "price_tables"), "--workers", str(workers)]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited ({server.returncode}) before answering")
        try:
            if httpx.get(base + "/api/v1/contracts", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer within a minute")


def _client(
    base: str,
    deadline: float,
    budget: list[int],
    lock: threading.Lock,
    latencies: list[float],
    errors: list[str],
    offset: int,
) -> None:
    bodies = [lot.read_bytes() for lot in LOTS]
    url = base + "/api/v1/check?contract=ipsm-exemplo"
    with httpx.Client(timeout=REQUEST_TIMEOUT) as http:
        turn = offset
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            which = turn % len(bodies)
            turn += 1
            start = time.perf_counter()
            try:
                answer = http.post(
                    url, content=bodies[which], headers={"content-type": "application/xml"}
                )
                took = time.perf_counter() - start
                ok = answer.status_code == 200
                if ok:
                    ok = answer.json()["summary"]["errors"] == EXPECTED_ERRORS[which]
                problem = None if ok else f"{answer.status_code}: {answer.text[:200]}"
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                took = time.perf_counter() - start
                problem = f"{type(exc).__name__}: {exc}"
            with lock:
                latencies.append(took)
                if problem is not None:
                    errors.append(problem)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="the server's --workers")
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start(port, args.workers)
    sampler = Sampler(server.pid)
    latencies: list[float] = []
    errors: list[str] = []
    try:
        _wait_ready(base, server)
        sampler.start()
        lock = threading.Lock()
        budget = [args.max_requests]
        began = time.monotonic()
        deadline = began + args.seconds
        threads = [
            threading.Thread(
                target=_client,
                args=(base, deadline, budget, lock, latencies, errors, n),
                daemon=True,
            )
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)
        elapsed = time.monotonic() - began
    finally:
        sampler.stop.set()
        server.send_signal(signal.SIGTERM)
        try:
            _, stderr = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, stderr = server.communicate()
    if not latencies:
        print("no request completed", file=sys.stderr)
        return 1
    figures = {
        "clients": args.clients,
        "workers": args.workers,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "throughput_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "errors": len(errors),
        "server_peak_rss_mib": round(sampler.peak_kib / 1024, 1),
        "server_processes": sampler.peak_processes,
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"{figures['clients']} clients, {figures['seconds']} s, server --workers "
            f"{figures['workers']} ({figures['cpus']} CPUs)\n"
            f"requests     {figures['requests']}\n"
            f"throughput   {figures['throughput_per_s']} checks/s\n"
            f"latency      p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
            f"max {figures['max_ms']} ms\n"
            f"errors       {figures['errors']}\n"
            f"server RSS   {figures['server_peak_rss_mib']} MiB peak "
            f"({figures['server_processes']} processes)"
        )
    for problem in errors[:5]:
        print(f"error: {problem}", file=sys.stderr)
    if "Traceback" in stderr.decode(errors="replace"):
        print(stderr.decode(errors="replace")[-2000:], file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
