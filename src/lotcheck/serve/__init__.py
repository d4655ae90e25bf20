"""``lotcheck serve``: the same engine as a local web page for staff and an HTTP API for ERPs
(issue 16).

Owns: the web application (:mod:`~lotcheck.serve.app`: the FastAPI app, its security headers,
access token and limits), its configuration (:mod:`~lotcheck.serve.config`), the checks it runs
in worker processes with their progress (:mod:`~lotcheck.serve.jobs`), the private upload folders
(:mod:`~lotcheck.serve.uploads`), the HTTP API (:mod:`~lotcheck.serve.api`), the pages
(:mod:`~lotcheck.serve.pages`) with their templates and static assets (shipped in the wheel: no
CDN, works offline).
May import: lotcheck.core, lotcheck.messages, lotcheck.reader, lotcheck.xsd, lotcheck.contract,
lotcheck.pricing, lotcheck.rules, lotcheck.engine, lotcheck.report, lotcheck.render,
lotcheck.ledger, lotcheck.eligibility, lotcheck.statement, lotcheck.reconcile, lotcheck.registry.

FastAPI, uvicorn and Jinja2 are the optional extra ``lotcheck[serve]``: nothing outside this
package imports it, and only ``lotcheck serve`` (lazily) does. This ``__init__`` imports
nothing.
"""
