#!/usr/bin/env bash
# The full test suite, runnable on a fresh machine: this is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# The PostgreSQL tests get a private server (installed first if the machine has none), stopped and
# deleted on exit. ACTORS_TEST_POSTGRES set beforehand points them at an existing server instead;
# ACTORS_SKIP_POSTGRES=1 skips them.
source scripts/postgres.sh
if [ "${ACTORS_SKIP_POSTGRES:-}" != "1" ] && [ -z "${ACTORS_TEST_POSTGRES:-}" ]; then
    # Tests need no durability: spare the disk the flushes.
    ACTORS_PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" postgres_start
    trap postgres_stop EXIT
fi

# The dashboard's browser test drives Debian's Chromium through Playwright (never a downloaded browser): install it
# when missing. ACTORS_SKIP_BROWSER=1 skips that test instead.
if [ "${ACTORS_SKIP_BROWSER:-}" != "1" ] && [ ! -x /usr/bin/chromium ]; then
    echo "test.sh: installing chromium (Debian package) for the dashboard test" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

dotnet build Actors.sln -c Release
dotnet test Actors.sln -c Release --no-build --logger "console;verbosity=minimal"
