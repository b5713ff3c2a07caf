#!/usr/bin/env bash
# Installs what the pipeline needs on Debian/Ubuntu and is not there yet: the .NET SDK (TorchSharp with libtorch,
# SkiaSharp with its native library and the report's fonts come from NuGet and the repository at build time) and,
# with --test, what the test suite drives for real: Chromium for the report, and Debian's PyTorch and
# torchvision (/usr/bin/python3) as the reference our keys and FCN-ResNet are compared against,
# Slurm (slurm-wlm, munge) for a real one-node cluster that the Slurm tests start and stop, and PowerShell 7
# (a .NET tool) for run-all.ps1.
set -euo pipefail
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

packages=()
# The report tests open report.html in a real headless browser.
if [ $want_test -eq 1 ]; then packages+=(chromium python3-torch python3-torchvision slurm-wlm munge); fi

missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ! command -v dotnet >/dev/null 2>&1; then missing+=(dotnet-sdk-10.0); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/pipeline-apt.log 2>&1; then
    tail -20 /tmp/pipeline-apt.log >&2
    if ! command -v dotnet >/dev/null 2>&1; then
      echo "install-deps: the .NET 10 SDK is not in this distribution's repositories; install it from" >&2
      echo "  Microsoft's package feed (see https://learn.microsoft.com/dotnet/core/install/linux) and run again." >&2
    fi
    exit 1
  fi
fi
command -v dotnet >/dev/null 2>&1 || { echo "install-deps: dotnet not found after install" >&2; exit 1; }

# The tests run run-all.ps1, Windows' entry point, under PowerShell 7, a .NET tool. 7.6.10 by name: without a version
# dotnet takes 7.7.0, which does not install on .NET 10.
if [ $want_test -eq 1 ] && ! command -v pwsh >/dev/null 2>&1 && [ ! -x "$HOME/.dotnet/tools/pwsh" ]; then
  echo "install-deps: installing PowerShell 7.6.10 (dotnet tool)"
  dotnet tool install --global PowerShell --version 7.6.10 >/tmp/pipeline-pwsh.log 2>&1 || { tail -5 /tmp/pipeline-pwsh.log >&2; exit 1; }
fi
