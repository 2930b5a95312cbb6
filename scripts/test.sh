#!/usr/bin/env bash
# The full test suite, runnable on a fresh machine: this is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build Actors.sln -c Release
dotnet test Actors.sln -c Release --no-build --logger "console;verbosity=minimal"
