#!/usr/bin/env bash
# Installs Debian's Chromium (and a font it can draw text with) for the HTML report test
# (tests/test_html_chromium.py), which fails rather than skips without it, and its driver for
# the staff page test (tests/test_serve_browser.py, Selenium). Idempotent: does nothing when
# /usr/bin/chromium and /usr/bin/chromedriver are already there. Needs root or sudo.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-liberation
test -x /usr/bin/chromium
test -x /usr/bin/chromedriver
