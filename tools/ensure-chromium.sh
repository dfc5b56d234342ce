#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work on a
# closed network). Install it when missing and we are allowed to.
set -euo pipefail
CHROMIUM="${TSUNAGU_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium not found at $CHROMIUM. Install it (sudo apt-get install chromium) or set TSUNAGU_CHROMIUM." >&2
exit 1
