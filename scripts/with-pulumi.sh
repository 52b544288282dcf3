#!/usr/bin/env bash
# Runs a command with the Pulumi CLI on PATH (built once by ensure-pulumi.sh if missing).
set -euo pipefail
bin="$(bash "$(dirname "${BASH_SOURCE[0]}")/ensure-pulumi.sh")"
export PATH="$bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
exec "$@"
