"""Placeholder: the staff pages (issue 16, being written on its own branch)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
