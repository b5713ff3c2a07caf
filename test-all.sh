#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything (TorchSharp and libtorch from NuGet)
# and runs the whole test suite on the CPU. Ends with "N passed, N failed, N skipped" from the results, or
# "0 passed, 1 failed" when installing or building fails.
set -uo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh --test || { echo "installing what the tests need failed (see above)"; echo "0 passed, 1 failed"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=$(mktemp -d)
dotnet build Pipeline.sln -c Release --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test Pipeline.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results"
status=$?
bash scripts/summarise-trx.sh "$results"
summary=$?
rm -rf "$results"
[ $status -eq 0 ] && [ $summary -eq 0 ]
