#!/usr/bin/env bash
# Runs a command with the Pulumi CLI and its language host of the same version on PATH (built
# once by ensure-pulumi.sh if missing). Tests and benchmarks refuse a mismatched pair.
set -euo pipefail
export PULUMI_QS_REQUIRE_MATCHING_HOST=1
bin="$(bash "$(dirname "${BASH_SOURCE[0]}")/ensure-pulumi.sh")"
export PATH="$bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
exec "$@"
