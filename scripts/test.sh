#!/usr/bin/env bash
# The full test suite, runnable on a fresh machine: this is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# The lab's HTML report is tested in a real browser: Debian's chromium (the tests fail, not skip, without it).
if [ ! -x /usr/bin/chromium ] && [ "${ACTORS_SKIP_BROWSER:-}" != "1" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi

dotnet build Actors.sln -c Release
dotnet test Actors.sln -c Release --no-build --logger "console;verbosity=minimal"
