#!/usr/bin/env bash
# Scans one assembly with NanoIlCheck, building the scanner first when it is missing or stale.
# Shared by check-nanoframework.sh and esp32/check-esp32.sh; the build runs under a lock so
# parallel checks never write the same output files at once.
# Usage: firmware/tools/NanoIlCheck/scan.sh [--no-string-indexing] path/to/assembly.dll   (exit code: the scanner's)
set -euo pipefail

tool_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tool_dll="$tool_dir/bin/Release/net10.0/NanoIlCheck.dll"

mkdir -p "$tool_dir/obj"
(
  flock 9
  if [ ! -f "$tool_dll" ] || [ -n "$(find "$tool_dir" -maxdepth 1 \( -name '*.cs' -o -name '*.csproj' \) -newer "$tool_dll")" ]; then
    log="$(mktemp)"
    if ! dotnet build "$tool_dir/NanoIlCheck.csproj" -c Release -nologo -v q "-clp:ErrorsOnly;NoSummary" >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      exit 1
    fi
    rm -f "$log"
  fi
) 9>"$tool_dir/obj/.build.lock"

exec dotnet "$tool_dll" "$@"
