"""What ``lotcheck check`` settles before it reads a lot: every option is checked up front, so a
misconfigured run stops with one line and exit 2 instead of passing, or failing half-way.

Each function either returns the value the run needs or raises the usage error (already
printed). The order is the command's: paths, sizes and periods first (cheap), then the contract,
the packs and the XSD folder, then the lots found, then ``--output`` against all of them.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from lotcheck.cli.core import parse_period, parse_size, usage_error
from lotcheck.cli.output import (
    Identity,
    OutputProblem,
    ReportFile,
    contract_inputs,
    identities,
    identity,
    xsd_inputs,
)
from lotcheck.contract import Contract, ContractError, load_contract
from lotcheck.contract.pack_paths import contract_pack_files, pack_files
from lotcheck.engine.batch import check_many
from lotcheck.engine.paths import Target, expand_counted
from lotcheck.render import PackMeta

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from lotcheck.contract.packs import RulePack
    from lotcheck.eligibility.types import Eligibility
    from lotcheck.engine import CheckOptions
    from lotcheck.engine.batch import Cancel, Progress
    from lotcheck.engine.dask_cluster import Cluster
    from lotcheck.engine.dask_paths import Listing
    from lotcheck.engine.roster_lookup import RosterLookup
    from lotcheck.report import LotReport

_MAIN_XSD = re.compile(r"tissV\d+_\d+_\d+\.xsd", re.IGNORECASE)
_VERSION_DIR = re.compile(r"\d+\.\d+\.\d+")


def check_paths(paths: list[Path], lang: str) -> None:
    """Every path given exists (a URL typed where a path goes gets a hint: ``--ledger-url``)."""
    for path in paths:
        if not path.exists():
            key = "missing_url" if "://" in str(path) else "missing"
            raise usage_error(lang, key, path=path)


def max_bytes(value: str, lang: str) -> int:
    size = parse_size(value)
    if size is None:
        raise usage_error(lang, "size", value=value)
    if size == 0:
        raise usage_error(lang, "size_zero")
    return size


def billing_period(value: str | None, lang: str) -> tuple[date, date] | None:
    if value is None:
        return None
    window = parse_period(value)
    if window is None:
        raise usage_error(lang, "period", value=value)
    return window


def contract_folder(path: Path | None, lang: str) -> Path | None:
    """``-c`` names the contract folder; its ``contract.toml`` is taken as the folder."""
    if path is None:
        return None
    if path.is_file():
        if path.name == "contract.toml":
            return path.parent
        raise usage_error(lang, "contract_file", path=path)
    return path


def load(path: Path | None, lang: str) -> Contract | None:
    if path is None:
        return None
    try:
        return load_contract(path)
    except ContractError as exc:
        raise usage_error(lang, "contract", error=exc.text(lang)) from exc


def load_eligibility_folder(path: Path | None, lang: str) -> Eligibility | None:
    """``--eligibility DIR``: the folder loaded, or a usage error naming the file and line."""
    if path is None:
        return None
    if not path.is_dir():
        raise usage_error(lang, "eligibility_folder", path=path)
    from lotcheck.eligibility.errors import EligibilityError
    from lotcheck.eligibility.files import load_eligibility

    try:
        return load_eligibility(path)
    except EligibilityError as exc:
        raise usage_error(lang, "eligibility", error=exc.as_msg()) from exc


def eligibility(
    folder: Path | None, in_db: bool, ledger_url: str | None, lang: str
) -> tuple[Eligibility | None, RosterLookup | None]:
    """``--eligibility DIR`` loaded, or ``--eligibility-db``'s roster import pinned; not both."""
    if folder is not None and in_db:
        raise usage_error(lang, "eligibility_both")
    if in_db:
        from lotcheck.cli.ledger import roster_for_check

        return None, roster_for_check(ledger_url, lang)
    return load_eligibility_folder(folder, lang), None


def rule_pack_files(contract: Path | None, rules: list[Path], lang: str) -> list[Path]:
    """The pack files of the contract folder, then those of each ``--rules``; a contract folder
    given to ``--rules`` is refused (its packs come with ``-c``)."""
    files = contract_pack_files(contract) if contract is not None else []
    for path in rules:
        if not path.exists():
            raise usage_error(lang, "missing", path=path)
        if path.is_dir() and (path / "contract.toml").is_file():
            raise usage_error(lang, "rules_contract", path=path)
        files.extend(pack_files(path))
    return files


def load_packs(files: list[Path], lang: str) -> tuple[tuple[RulePack, ...], tuple[PackMeta, ...]]:
    """The packs, and how the report names them (file, id, version)."""
    if not files:
        return (), ()
    from lotcheck.contract.packs import PackError
    from lotcheck.contract.packs import load_packs as load_all  # pydantic models: only with packs

    try:
        packs = load_all(files)
    except PackError as exc:
        raise usage_error(lang, "pack", error=exc.text(lang)) from exc
    unique: list[Path] = []
    seen: set[Path] = set()
    for path in files:  # load_all skips a file named twice: so does the report
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    if len(unique) != len(packs):  # pragma: no cover - load_all's contract changed
        return packs, tuple(PackMeta(str(p)) for p in unique)
    meta = tuple(
        PackMeta(str(path), pack.pack.id, pack.pack.version)
        for path, pack in zip(unique, packs, strict=True)
    )
    return packs, meta


def check_xsd_dir(path: Path, lang: str) -> None:
    """``--xsd-dir`` holds one sub-folder per version: not a file, not one version's folder."""
    if not path.exists():
        raise usage_error(lang, "missing", path=path)
    if not path.is_dir():
        raise usage_error(lang, "xsd_not_dir", path=path)
    try:
        entries = sorted(path.iterdir())
    except OSError as exc:
        raise usage_error(lang, "os_error", path=path, reason=exc.strerror or str(exc)) from exc
    main = next((e for e in entries if _MAIN_XSD.fullmatch(e.name) and e.is_file()), None)
    if main is not None:
        raise usage_error(
            # the parent as the user reaches it (abspath: "." made whole, links kept)
            lang,
            "xsd_version_dir",
            path=path,
            name=main.name,
            parent=Path(os.path.abspath(path)).parent,
        )
    if not any(e.is_dir() and _VERSION_DIR.fullmatch(e.name) for e in entries):
        raise usage_error(lang, "xsd_empty", path=path)


def xsd_search(xsd_dir: Path | None) -> tuple[str, ...]:
    """The folders the XSD sets are looked for in, in order (what the report records)."""
    from lotcheck.xsd.registry import XsdRegistry

    return tuple(str(d) for d in XsdRegistry.default(xsd_dir).directories)


def lot_targets(paths: list[Path], lang: str) -> list[Target]:
    """The files to check; a folder that holds no ``*.xml`` is a usage error."""
    targets, counts = expand_counted(paths)
    for path, count in zip(paths, counts, strict=True):
        if count == 0:
            raise usage_error(lang, "no_lot", path=path)
    return targets


def streamed_targets(
    paths: list[Path], output: Path | None, lang: str
) -> tuple[Listing, list[Target]]:
    """The files to check as a stream (a cluster batch: :mod:`lotcheck.engine.dask_paths`), with
    :func:`lot_targets`' refusal, and those of them that are the ``--output`` file (what
    :func:`report_file` must refuse), found without keeping the others."""
    from lotcheck.engine.dask_paths import scan

    out = identity(Path(os.path.realpath(output))) if output is not None else None
    clashing: list[Target] = []

    def each(target: Target) -> None:
        if target.problem is None and identity(target.path) == out:
            clashing.append(target)

    listing = scan(paths, each=each if out is not None else None)
    for path, count in zip(paths, listing.counts, strict=True):
        if count == 0:
            raise usage_error(lang, "no_lot", path=path)
    return listing, clashing


def report_file(
    output: Path | None,
    lang: str,
    *,
    targets: list[Target],
    contract: Path | None,
    packs: list[Path],
    xsd_dir: Path | None,
    ledger_file: Path | None,
    eligibility: Path | None = None,
) -> ReportFile | None:
    """``--output`` checked against every input (same file = same device and inode)."""
    if output is None:
        return None
    inputs: list[Path] = [t.path for t in targets]
    if contract is not None:
        inputs.extend(contract_inputs(contract))
    inputs.extend(packs)
    if eligibility is not None:  # the roster files: never written over by a report
        with contextlib.suppress(OSError):
            inputs.extend(p for p in eligibility.iterdir() if p.is_file())
    if xsd_dir is not None:
        inputs.extend(xsd_inputs(xsd_dir))
    if ledger_file is not None:
        inputs.append(ledger_file)
    protected: dict[Identity, Path] = identities(inputs)
    try:
        return ReportFile(output, protected)
    except OutputProblem as problem:
        raise usage_error(lang, problem.key, path=problem.path, reason=problem.reason) from problem


def ledger_for_check(url: str | None) -> str:
    """Where ``--ledger`` looks reuse up: the URL given, else the per-user ledger file (the one
    ``Ledger.open`` takes for no URL), named so the options say which ledger a run reads."""
    if url is not None:
        return url
    # only --ledger runs get here: the ledger (SQLAlchemy) is open already, no start-up cost
    from lotcheck.ledger import default_ledger_path

    return str(default_ledger_path())


def dask_cluster(
    address: str | None, jobs: int | None, timeout: int | None, send_files: bool, lang: str
) -> Cluster | None:
    """``--dask``'s cluster, joined (or started, for ``local``) and checked: the extra
    installed, a scheduler that answers within ``--dask-timeout``, workers on this version.
    The other ``--dask-*`` options without ``--dask`` are refused: they would do nothing."""
    if address is None:
        for option, given in (("--dask-send-files", send_files), ("--dask-timeout", timeout)):
            if given:
                raise usage_error(lang, "dask_needed", option=option)
        return None
    # the extra's machinery is imported only by a run that uses it (start-up time)
    from lotcheck.engine.dask_cluster import CONNECT_SECONDS, DaskError, connect

    try:
        return connect(address, jobs=jobs, timeout=float(timeout or CONNECT_SECONDS))
    except DaskError as exc:
        raise usage_error(lang, exc.key, **exc.args_) from exc


def batch(
    targets: list[Target] | Listing,
    options: CheckOptions,
    jobs: int | None,
    cluster: Cluster | None,
    *,
    send_files: bool,
    timeout: int | None = None,
    progress: Progress | None,
    cancel: Cancel,
) -> Iterator[LotReport]:
    """The reports, in path order: from the local worker pool, or from the Dask cluster
    (``timeout``: ``--dask-timeout``; the cluster may be without a worker that long, and at
    least a minute)."""
    if cluster is None:
        assert isinstance(targets, list), "a local batch is given the list of targets"
        return check_many(targets, options, jobs, progress=progress, cancel=cancel)
    from lotcheck.engine.dask_batch import check_on_dask
    from lotcheck.engine.dask_cluster import CONNECT_SECONDS

    return check_on_dask(
        targets,
        options,
        cluster,
        send_files=send_files,
        progress=progress,
        cancel=cancel,
        timeout=float(timeout or CONNECT_SECONDS),
    )
