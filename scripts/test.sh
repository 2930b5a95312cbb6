#!/usr/bin/env bash
# The full test suite, runnable on a fresh machine: this is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# CI runs every test: the opt-outs below are for a developer's machine only, and CI never honours them.
if [ -n "${CI:-}" ]; then
  for optout in ACTORS_SKIP_BROWSER ACTORS_SKIP_POSTGRES ACTORS_SKIP_STRACE; do
    if [ -n "${!optout:-}" ]; then
      echo "test.sh: CI is set, so $optout is ignored: CI runs every test." >&2
      unset "$optout"
    fi
  done
fi

# The lab's HTML report and the dashboard are tested in a real browser: Debian's chromium (the tests fail, not skip,
# without it; ACTORS_SKIP_BROWSER=1 reports them as skipped).
if [ ! -x /usr/bin/chromium ] && [ "${ACTORS_SKIP_BROWSER:-}" != "1" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi

# Strict durability is checked by watching the store's fsyncs with strace (the test fails without it;
# ACTORS_SKIP_STRACE=1 reports it as skipped).
if ! command -v strace >/dev/null 2>&1 && [ "${ACTORS_SKIP_STRACE:-}" != "1" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq strace >/dev/null
fi

# /metrics is checked with the reference Prometheus text parser: Python's prometheus_client (Debian's package).
if ! /usr/bin/python3 -c "import prometheus_client" >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq python3-prometheus-client >/dev/null
fi

# The RESP front end is tested with Debian's redis-cli as a real client (the tests fail without it).
if ! command -v redis-cli >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq redis-tools >/dev/null
fi

# The PostgreSQL tests get a private server (installed first if the machine has none), stopped and
# deleted on exit. ACTORS_TEST_POSTGRES set beforehand points them at an existing server instead;
# ACTORS_SKIP_POSTGRES=1 skips them.
source scripts/postgres.sh
if [ "${ACTORS_SKIP_POSTGRES:-}" != "1" ] && [ -z "${ACTORS_TEST_POSTGRES:-}" ]; then
    # Tests need no durability: spare the disk the flushes.
    ACTORS_PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" postgres_start
    trap postgres_stop EXIT
fi

# The dashboard's browser test drives that same Chromium through Playwright; it must never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

dotnet build Actors.sln -c Release
# A test that hangs fails the run after five minutes (the blame collector names it and dumps the process) instead
# of holding CI until its own time limit.
dotnet test Actors.sln -c Release --no-build --logger "console;verbosity=minimal" --blame-hang-timeout 5m --blame-hang-dump-type mini
