"""The API's OpenAPI document, as published in ``schemas/openapi.json``.

``python -m lotcheck.serve.openapi schemas/`` rewrites the file from the app itself (the same
document the server serves at ``/api/v1/openapi.json``); a test fails when the published one is
out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig

FILE_NAME = "openapi.json"


def document() -> str:
    """The OpenAPI document as the published file holds it."""
    spec = create_app(ServeConfig()).openapi()
    return json.dumps(spec, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("usage: python -m lotcheck.serve.openapi DIR", file=sys.stderr)
        return 2
    target = Path(args[0]) / FILE_NAME
    target.write_text(document(), encoding="utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
