#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, checks libtorch and the devices
# (pipeline doctor) and runs an experiment: experiments/quick.yaml by default.
# Usage: ./run-all.sh [EXPERIMENT.yaml [run options...] | pipeline arguments...]
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Pipeline.Cli/Pipeline.Cli.csproj -c Release --nologo -v quiet
pipeline=(dotnet src/Pipeline.Cli/bin/Release/net10.0/pipeline.dll)
"${pipeline[@]}" doctor
if [ $# -eq 0 ]; then set -- experiments/quick.yaml; fi
case "$1" in
  *.yaml|*.yml) exec "${pipeline[@]}" run "$@" ;;
  *) exec "${pipeline[@]}" "$@" ;;
esac
