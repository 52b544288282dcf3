#!/usr/bin/env bash
# The @pulumi/pulumi peer range at both ends, through the real CLI: the end-to-end lifecycle
# with the floor (3.216.0) on Node.js 20, and with the newest release on Node.js 24.
#
#   bash scripts/test-compat.sh [floor|newest]    (both, one after the other, by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
which="${1:-both}"
mocha=(npx mocha --no-config -r ts-node/register/transpile-only --timeout 600000 tests/e2e/lifecycle.test.ts)

if [ "$which" = floor ] || [ "$which" = both ]; then
    floor="$(node -p 'require("./package.json").peerDependencies["@pulumi/pulumi"].match(/>=\s*([0-9.]+)/)[1]')"
    echo "== @pulumi/pulumi $floor (the peer range's floor) on Node.js $(node --version)"
    E2E_PULUMI_SDK="$floor" E2E_NODE_MAJOR=20 bash scripts/with-pulumi.sh "${mocha[@]}"
fi
if [ "$which" = newest ] || [ "$which" = both ]; then
    newest="$(npm view @pulumi/pulumi version)"
    echo "== @pulumi/pulumi $newest (newest) on Node.js 24"
    node24="$(bash scripts/ensure-node.sh 24)"
    E2E_PULUMI_SDK="$newest" E2E_NODE_BIN="$node24" E2E_NODE_MAJOR=24 bash scripts/with-pulumi.sh "${mocha[@]}"
fi
