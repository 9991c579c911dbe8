#!/usr/bin/env bash
# Runs the whole test suite: unit, component, integration (real SQLite, real SMTP on 127.0.0.1) and browser tests
# (real headless Chromium). The test fixtures start the SMTP server and the app themselves and stop them afterwards.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
./scripts/install-prerequisites.sh

log=$(mktemp)
# Tests that measure something (emails sent, duplicated and lost under faults; interactions) write one line each here.
export CS_FIGURES_FILE=$(mktemp)
set +e
dotnet test CommunitySafety.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

if [ -s "$CS_FIGURES_FILE" ]; then
  echo "Figures measured by the tests:"
  sort "$CS_FIGURES_FILE" | sed 's/^/  /'
fi

# One closing line for the whole suite, summed over the test projects.
python3 - "$log" <<'PY'
import re, sys
passed = failed = skipped = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r"(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)", line)
    if m:
        failed += int(m.group(2)); passed += int(m.group(3)); skipped += int(m.group(4))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit "$status"
