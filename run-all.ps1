# Windows twin of run-all.sh: builds the pipeline (the native bridge with CMake against the libtorch in
# $env:LIBTORCH or a Python torch install), checks libtorch and the devices, and runs an experiment.
# Usage: .\run-all.ps1 [EXPERIMENT.yaml [run options...] | pipeline arguments...]   (default: experiments/quick.yaml)     Needs: .NET 10 SDK, CMake, Visual Studio C++ tools, libtorch.
param([Parameter(ValueFromRemainingArguments = $true)][string[]]$PipelineArgs)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
dotnet build src/Pipeline.Cli/Pipeline.Cli.csproj -c Release --nologo -v quiet
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
if ($env:LIBTORCH) { $env:PATH = "$env:LIBTORCH\lib;$env:PATH" }
$pipeline = 'src/Pipeline.Cli/bin/Release/net10.0/pipeline.dll'
dotnet $pipeline doctor
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
if (-not $PipelineArgs -or $PipelineArgs.Count -eq 0) { $PipelineArgs = @('experiments/quick.yaml') }
if ($PipelineArgs[0] -match '\.ya?ml$') { $PipelineArgs = @('run') + $PipelineArgs }
dotnet $pipeline @PipelineArgs
exit $LASTEXITCODE
