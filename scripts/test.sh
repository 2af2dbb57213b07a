#!/usr/bin/env bash
# Runs every SchoolGate test: device SDK, firmware core (including the nanoFramework compile and IL
# check), gateway, simulator planner (including a browser test of its report) and the end-to-end
# suite over real MQTT; then the gateway suite once more on PostgreSQL (a throwaway server started
# here). Installs the Debian packages the tests need first (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

log=$(mktemp)
pg=$(mktemp -d /tmp/schoolgate-pg.XXXXXX)
trap 'scripts/postgres.sh stop "$pg"; rm -rf "$pg" "$log"' EXIT
SCHOOLGATE_TEST_POSTGRES=$(scripts/postgres.sh start "$pg")
export SCHOOLGATE_TEST_POSTGRES

status=0
dotnet test SchoolGate.slnx --nologo 2>&1 | tee "$log" || status=$?
echo "Gateway suite on PostgreSQL:"
SCHOOLGATE_TEST_STORE=postgres dotnet test tests/SchoolGate.Gateway.Tests --no-build --nologo 2>&1 | tee -a "$log" || status=$?

# One closing line for humans and CI: the sum over every test assembly and both stores.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:")  { f += $(i+1) + 0 }
         if ($i == "Passed:")  { p += $(i+1) + 0 }
         if ($i == "Skipped:") { s += $(i+1) + 0 }
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
