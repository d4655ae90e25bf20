"""The staff pages (issue 16): check lots, look up prices, close and reopen the month.

Routes (all behind :func:`~lotcheck.serve.security.require_user`):

* ``GET /`` the check page; ``POST /check`` (multipart ``files``, ``contract``, ``csrf``) starts
  a check and answers ``{"job": id, "total": n}``; ``GET /jobs/{id}/progress`` its state as
  JSON (the page's script polls it); ``GET /jobs/{id}/view`` the finished report as an HTML
  fragment the script inserts; ``GET /jobs/{id}/report?format=F`` a download in any
  ``lotcheck check --format``;
* ``GET /prices`` (:mod:`~lotcheck.serve.page_prices`);
* ``GET /month``, ``POST /month/close``, ``POST /month/reopen`` and
  ``POST /month/reopen/confirm`` (:mod:`~lotcheck.serve.page_month`);
* ``GET /static/{name}`` the stylesheet, the script and the icon, from the package (no CDN).

Pages carry no inline script or style, so the app's Content-Security-Policy can forbid both.
The checks themselves run in the app's :class:`~lotcheck.serve.jobs.JobRunner`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from lotcheck import messages
from lotcheck.serve import page_month, page_prices
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.errors import serve_error
from lotcheck.serve.jobs import FORMATS as RENDERERS
from lotcheck.serve.jobs import Job, JobRunner
from lotcheck.serve.page_closing import closables, read_closable, refuse_zip
from lotcheck.serve.page_common import STATIC, contract_names, lang_of, render
from lotcheck.serve.page_report import FORMATS, report_context
from lotcheck.serve.security import check_csrf, require_user
from lotcheck.serve.uploads import Lot, Upload

router = APIRouter(dependencies=[Depends(require_user)])
#: what any visitor may fetch, signed in or not: the stylesheet, the script and the icon the
#: login page itself needs (nothing in them is about a lot)
public = APIRouter()
router.include_router(page_prices.router)
router.include_router(page_month.router)

_MEDIA = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


def _error(request: Request, status: int, key: str, **values: object) -> JSONResponse:
    return JSONResponse({"error": messages.text(lang_of(request), key, **values)}, status)


@router.get("/", include_in_schema=False)
def check_page(request: Request) -> Response:
    config: ServeConfig = request.app.state.config
    return render(request, "check.html", contracts=contract_names(config))


@router.post("/check", include_in_schema=False)
async def start_check(
    request: Request,
    files: Annotated[list[UploadFile], File()],
    contract: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    config: ServeConfig = request.app.state.config
    if contract and contract not in contract_names(config):
        return _error(request, 400, "serve.page.check.unknown_contract", name=contract)
    if len(files) > config.max_files:
        raise serve_error(413, "too_many_files", limit=config.max_files)
    chosen = [f for f in files if f.filename]
    if not chosen:
        return _error(request, 400, "serve.page.check.choose")
    # each file is copied to the check's private folder as the API's are (never held whole in
    # memory), and the lots to close are read from there before the check starts: the runner
    # deletes the folder when the check ends
    upload = Upload(config)
    try:
        closing: list[tuple[str, Path]] = []
        zipped: list[str] = []
        for file in chosen:
            name = file.filename or ""
            before = len(upload.lots)
            await upload.add_file(file)
            added = upload.lots[before:]
            if not name.lower().endswith(".xml"):
                continue  # another name (a .zip): its lots are checked, not kept for closing
            if _as_itself(added):
                closing.append((name, added[0].path))
            else:
                zipped.append(name)  # an .xml that is a zip: see page_closing.refuse_zip
        closable = await run_in_threadpool(read_closable, closing, config.max_bytes)
        closable.refused.extend(refuse_zip(name) for name in zipped)
    except BaseException:
        upload.close()
        raise
    runner: JobRunner = request.app.state.runner
    job = await runner.submit_upload(upload, contract or None, lang_of(request))
    closables(request).put(job.id, closable)
    return JSONResponse({"job": job.id, "total": job.total})


def _as_itself(added: list[Lot]) -> bool:
    """Whether an uploaded file gave one lot of its own (a zip's lots are named
    ``archive/member``)."""
    return len(added) == 1 and "/" not in added[0].name


def _job(request: Request, job_id: str) -> Job | None:
    runner: JobRunner = request.app.state.runner
    return runner.get(job_id)


@router.get("/jobs/{job_id}/progress", include_in_schema=False)
def job_progress(request: Request, job_id: str) -> Response:
    job = _job(request, job_id)
    if job is None:
        return _error(request, 404, "serve.page.check.no_job")
    body: dict[str, Any] = {"state": job.state, "done": job.done, "total": job.total}
    if job.state == "failed":
        reason = (job.error or {}).get("message") or (job.error or {}).get("code") or "?"
        body["error"] = messages.text(lang_of(request), "serve.page.check.failed", reason=reason)
    return JSONResponse(body)


@router.get("/jobs/{job_id}/view", include_in_schema=False)
def job_view(request: Request, job_id: str) -> Response:
    job = _job(request, job_id)
    if job is None or job.report is None:
        return render(request, "message.html", 404, text_key="serve.page.check.no_job")
    context = report_context(job.report, lang_of(request))
    return render(request, "report.html", job=job, **context)


@router.get("/jobs/{job_id}/report", include_in_schema=False)
def job_report(request: Request, job_id: str, format: str = "json") -> Response:
    job = _job(request, job_id)
    if job is None or job.report is None or format not in FORMATS:
        return _error(request, 404, "serve.page.check.no_job")
    runner: JobRunner = request.app.state.runner
    _, media, suffix = RENDERERS[format]
    return Response(
        runner.render(job, format),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="lotcheck-report.{suffix}"'},
    )


@public.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    """A file of the package's ``static`` folder, by its bare name (nothing else is reachable)."""
    path = STATIC / name
    media = _MEDIA.get(path.suffix)
    if media is None or "/" in name or name.startswith(".") or not path.is_file():
        return Response(status_code=404)
    return Response(path.read_bytes(), media_type=media, headers={"Cache-Control": "no-cache"})
