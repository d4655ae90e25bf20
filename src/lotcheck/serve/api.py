"""The HTTP API for ERPs (``/api/v1``), described by the OpenAPI document it serves at
``/api/v1/openapi.json`` (published as ``schemas/openapi.json``).

* ``POST /check``: multipart ``files`` (one or many lots, or zips of them) with an optional
  ``contract`` name and ``lang``, or one raw XML body (``Content-Type: application/xml``,
  ``?contract=``); answers the report of ``lotcheck check --format json``
  (``schemas/report.schema.json``) once the check is done.
* ``POST /jobs``: the same upload, answered at once (202) with the job's progress, for the
  page: ``GET /jobs/{id}`` polls it, ``GET /jobs/{id}/report?format=`` fetches any format.
* ``POST /price``: the answer of ``lotcheck price --format json``.
* ``GET /rules``: every finding code, as ``lotcheck rules --format json``.
* ``GET /contracts``: the contract names a client may pick.

Errors are ``{"error": {"code", "message"}}`` (:mod:`lotcheck.serve.errors`), in the language
of ``lang`` or Accept-Language. The upload limits are :mod:`lotcheck.serve.uploads`'s.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from lotcheck.registry import all_specs
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.errors import pick_lang, serve_error
from lotcheck.serve.jobs import FORMATS, Job, JobRunner
from lotcheck.serve.pricing import PriceRequest, price
from lotcheck.serve.uploads import Upload

router = APIRouter(prefix="/api/v1")

_XML_TYPES = ("application/xml", "text/xml")
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "One or more lots (XML), or zips of lots.",
                        },
                        "contract": {"type": "string", "description": "A contract name."},
                        "lang": {"type": "string", "enum": ["pt", "en"]},
                    },
                }
            },
            "application/xml": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}
_ERROR = {"description": 'An error: {"error": {"code", "message"}}.'}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _ERROR,
    401: _ERROR,
    413: _ERROR,
    422: _ERROR,
}


def runner_of(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.runner
    return runner


def request_lang(request: Request, asked: str | None = None) -> str:
    """``lang`` (the form's, else the query's), else Accept-Language, else ``--lang``."""
    config: ServeConfig = request.app.state.config
    chosen = asked or request.query_params.get("lang")
    return pick_lang(chosen, request.headers.get("accept-language"), config.lang)


async def receive_upload(request: Request) -> tuple[Upload, str | None, str]:
    """The lots of a check request, in a private folder, with the contract name and the
    language asked; the caller owns the :class:`Upload` (the runner closes it)."""
    config: ServeConfig = request.app.state.config
    # the body as a whole is capped before and while it arrives: see serve.body_limit
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    upload = Upload(config)
    try:
        if kind in _XML_TYPES:
            await upload.add_stream(request.stream(), request.query_params.get("name"))
            return upload, request.query_params.get("contract"), request_lang(request)
        if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
            raise serve_error(415, "content_type", value=kind or "—")
        try:
            form = await request.form(max_files=config.max_files, max_fields=20)
        except HTTPException as exc:
            if "too many files" in str(exc.detail).lower():
                raise serve_error(413, "too_many_files", limit=config.max_files) from exc
            raise serve_error(400, "invalid", field="files", reason=str(exc.detail)) from exc
        try:
            for item in form.getlist("files"):
                if isinstance(item, str):
                    raise serve_error(400, "invalid", field="files", reason="not a file")
                await upload.add_file(item)
        finally:
            await form.close()
        contract = form.get("contract")
        lang = form.get("lang")
        return (
            upload,
            contract if isinstance(contract, str) else request.query_params.get("contract"),
            request_lang(request, lang if isinstance(lang, str) else None),
        )
    except BaseException:
        upload.close()
        raise


async def _start(request: Request) -> Job:
    upload, contract, lang = await receive_upload(request)
    return await runner_of(request).submit_upload(upload, contract, lang)


def _failed(job: Job) -> JSONResponse:
    error = job.error or {"code": "job_failed", "message": ""}
    return JSONResponse({"error": error}, status_code=500)


@router.post(
    "/check",
    summary="Check lots and answer the JSON report",
    openapi_extra=_UPLOAD_BODY,
    responses={200: {"description": "The report (schemas/report.schema.json)."}, **_ERRORS},
)
async def check(request: Request) -> Response:
    runner = runner_of(request)
    job = await runner.wait(await _start(request))
    if job.state != "done":
        return _failed(job)
    return Response(runner.render(job, "json"), media_type="application/json")


@router.post(
    "/jobs",
    summary="Start a check; poll its progress",
    status_code=202,
    openapi_extra=_UPLOAD_BODY,
    responses=_ERRORS,
)
async def start_job(request: Request) -> JSONResponse:
    job = await _start(request)
    return JSONResponse(job.progress(), status_code=202)


@router.get("/jobs/{job_id}", summary="A check's progress", responses={404: _ERROR})
async def job_progress(request: Request, job_id: str) -> dict[str, Any]:
    job = runner_of(request).get(job_id)
    if job is None:
        raise serve_error(404, "job_unknown", id=job_id)
    return job.progress()


@router.get(
    "/jobs/{job_id}/report",
    summary="A finished check's report in any format",
    responses={400: _ERROR, 404: _ERROR, 409: _ERROR},
)
async def job_report(request: Request, job_id: str, format: str = "json") -> Response:
    runner = runner_of(request)
    job = runner.get(job_id)
    if job is None:
        raise serve_error(404, "job_unknown", id=job_id)
    if format not in FORMATS:
        raise serve_error(400, "format", value=format, names=", ".join(FORMATS))
    if job.state == "failed":
        return _failed(job)
    body = await asyncio.to_thread(runner.render, job, format)
    _, media, extension = FORMATS[format]
    disposition = f'attachment; filename="lotcheck-{job.id}.{extension}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.post(
    "/price",
    summary="What a code pays on a date (lotcheck price)",
    responses={200: {"description": "schemas/price.schema.json"}, **_ERRORS},
)
async def price_code(request: Request, asked: PriceRequest) -> dict[str, Any]:
    lang = request_lang(request)
    runner = runner_of(request)
    contract = await runner.contract(asked.contract)
    if contract is None:  # "": the name is required here
        names = ", ".join(runner.contracts()) or "—"
        raise serve_error(400, "contract_unknown", name=asked.contract, names=names)
    return price(contract, asked, lang)


@router.get("/rules", summary="Every finding code (lotcheck rules --format json)")
async def rules(request: Request) -> list[dict[str, Any]]:
    lang = request_lang(request)
    return [
        {
            "code": s.code,
            "severity": str(s.severity),
            "glosa": s.glosa,
            "alt_glosas": list(s.alt_glosas),
            "title": s.title(lang),
            "doc": s.doc,
            "example": s.example,
            "doc_lang": "en",
            "aliases": list(s.aliases),
        }
        for s in all_specs()
    ]


@router.get("/contracts", summary="The contract names a check or a price may name")
async def contracts(request: Request) -> dict[str, list[str]]:
    return {"contracts": runner_of(request).contracts()}
