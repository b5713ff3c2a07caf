# Windows twin of run-all.sh: builds the pipeline, checks TorchSharp, libtorch and the devices (pipeline doctor)
# and runs an experiment. Needs only the .NET 10 SDK: TorchSharp and libtorch come from NuGet.
# Usage: .\run-all.ps1 [-Cuda] [EXPERIMENT.yaml [run options...] | pipeline arguments...]   (default: experiments/quick.yaml)
#   -Cuda   build against TorchSharp-cuda-windows instead of TorchSharp-cpu; other build properties go through
#           $env:BUILD_PROPERTIES, e.g. $env:BUILD_PROPERTIES = '-p:TorchSharpVersion=0.105.1'
param([switch]$Cuda, [Parameter(ValueFromRemainingArguments = $true)][string[]]$PipelineArgs)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$build = @()
if ($env:BUILD_PROPERTIES) { $build += $env:BUILD_PROPERTIES -split ' ' }
if ($Cuda) { $build += '-p:TorchSharpCuda=true' }
dotnet build src/Pipeline.Cli/Pipeline.Cli.csproj -c Release --nologo -v quiet @build
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$pipeline = 'src/Pipeline.Cli/bin/Release/net10.0/pipeline.dll'
dotnet $pipeline doctor
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
if (-not $PipelineArgs -or $PipelineArgs.Count -eq 0) { $PipelineArgs = @('experiments/quick.yaml') }
if ($PipelineArgs[0] -match '\.ya?ml$') { $PipelineArgs = @('run') + $PipelineArgs }
dotnet $pipeline @PipelineArgs
exit $LASTEXITCODE
