#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, checks TorchSharp, libtorch and the devices
# (pipeline doctor) and runs an experiment: experiments/quick.yaml by default.
# Usage: ./run-all.sh [--cuda] [EXPERIMENT.yaml [run options...] | pipeline arguments...]
#   --cuda   build against TorchSharp-cuda-linux (restored from nuget.org) instead of TorchSharp-cpu;
#            any other build property goes through BUILD_PROPERTIES, e.g. BUILD_PROPERTIES=-p:TorchSharpVersion=0.105.1
set -euo pipefail
cd "$(dirname "$0")"
build=(${BUILD_PROPERTIES:-})
if [ "${1:-}" = "--cuda" ]; then build+=(-p:TorchSharpCuda=true); shift; fi
bash scripts/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Pipeline.Cli/Pipeline.Cli.csproj -c Release --nologo -v quiet "${build[@]}"
pipeline=(dotnet src/Pipeline.Cli/bin/Release/net10.0/pipeline.dll)
"${pipeline[@]}" doctor
if [ $# -eq 0 ]; then set -- experiments/quick.yaml; fi
case "$1" in
  *.yaml|*.yml) exec "${pipeline[@]}" run "$@" ;;
  *) exec "${pipeline[@]}" "$@" ;;
esac
