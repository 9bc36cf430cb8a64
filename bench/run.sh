#!/usr/bin/env bash
# Builds the server and the bench (Release) and runs the bench with its defaults; installs nothing.
# Extra arguments go to the bench: bench/run.sh --seconds 10 --connections 64 --tasks 2000
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Easel.Server -c Release --nologo -v q
dotnet build bench/Easel.Bench -c Release --nologo -v q
exec dotnet bench/Easel.Bench/bin/Release/net10.0/Easel.Bench.dll --no-build "$@"
