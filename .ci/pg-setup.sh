#!/usr/bin/env bash
# Make sure the PostgreSQL server binaries (initdb, pg_ctl, postgres) are on this machine.
#
# Why: the ledger tests run the same suite against SQLite and a real PostgreSQL server, and the
# pytest fixture (tests/pg_server.py) starts a throwaway cluster itself. It only needs the
# binaries; a missing server is a test FAILURE, not a skip, so CI must have them. This script
# does not start anything. Idempotent: when the binaries are found it only says where.
#
# Looks where tests/pg_server.py looks: $LOTCHECK_PG_BINDIR, `pg_config --bindir`,
# /usr/lib/postgresql/*/bin (newest first), then PATH. Installs with apt-get (Debian) otherwise.
set -euo pipefail

find_bindir() {
    local dir
    if [[ -n "${LOTCHECK_PG_BINDIR:-}" && -x "${LOTCHECK_PG_BINDIR}/initdb" ]]; then
        echo "${LOTCHECK_PG_BINDIR}"
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        # Debian's libpq-dev ships pg_config without the server: check initdb is really there.
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    fi
    while IFS= read -r dir; do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

report() {
    echo "pg-setup: PostgreSQL server binaries in $1 ($("$1/postgres" --version 2>/dev/null || echo 'version unknown'))"
}

if bindir="$(find_bindir)"; then
    report "$bindir"
    exit 0
fi

echo "pg-setup: initdb not found; installing the Debian package 'postgresql'"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "pg-setup: no apt-get here; install the PostgreSQL server binaries by hand" \
        "or set LOTCHECK_TEST_PG_URL to a server the tests may use" >&2
    exit 1
fi
sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q postgresql

if bindir="$(find_bindir)"; then
    report "$bindir"
    exit 0
fi
echo "pg-setup: apt-get installed postgresql but initdb is still not found" >&2
exit 1
