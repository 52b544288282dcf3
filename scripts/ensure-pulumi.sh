#!/usr/bin/env bash
# Provide a Pulumi CLI that can run Node.js programs (with dynamic providers), without
# get.pulumi.com or GitHub downloads: only the Go module proxy is needed.
#
#   PATH="$(scripts/ensure-pulumi.sh):$PATH"
#
# Progress goes to stderr; stdout gets exactly one line: the bin directory holding
# pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs.
#
# 1. If `pulumi` is on PATH and `pulumi-language-nodejs` is on PATH or next to it, that
#    install is used (set PULUMI_QS_IGNORE_PATH=1 to skip this check).
# 2. Otherwise the binaries are built from the wrapper modules in scripts/pulumi-cli/ into
#    ${PULUMI_QS_CACHE:-$HOME/.cache/pulumi-qovery-secrets}/pulumi-<version>/bin,
#    once per machine: the build goes to a temporary directory that is renamed into place
#    only when complete, so later runs (from any clone) reuse it in well under a second.
#
# Offline use of the CLI also wants: PULUMI_SKIP_UPDATE_CHECK=true, a file:// backend
# (`pulumi login file://DIR`) and PULUMI_CONFIG_PASSPHRASE.
set -euo pipefail

# CLI version: matches the @pulumi/pulumi devDependency.
PULUMI_VERSION=v3.248.0
# Node.js language host: taken from the github.com/pulumi/pulumi/sdk/v3 module, version
# below (the newest version served by the proxy that still contains the package
# sdk/nodejs/cmd/pulumi-language-nodejs; later it became its own module, which the proxy
# does not serve). See scripts/pulumi-cli/language-nodejs/go.mod.
LANGHOST_SDK_VERSION=v3.68.0

BUILD_TAGS=osusergo,grpcnotrace
VERSION_VAR=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() {
    printf 'ensure-pulumi: ERROR: %s\n' "$*" >&2
    exit 1
}

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
template_dir="$script_dir/pulumi-cli"

# --- 1. An existing installation ------------------------------------------------------
if [ "${PULUMI_QS_IGNORE_PATH:-}" != "1" ] && existing="$(command -v pulumi 2>/dev/null)"; then
    existing_dir="$(cd -- "$(dirname -- "$existing")" && pwd -P)"
    langhost=""
    if [ -x "$existing_dir/pulumi-language-nodejs" ]; then
        langhost="$existing_dir/pulumi-language-nodejs"
    elif langhost="$(command -v pulumi-language-nodejs 2>/dev/null)"; then
        :
    fi
    if [ -n "$langhost" ]; then
        existing_version="$(PULUMI_SKIP_UPDATE_CHECK=true timeout 30 "$existing" version 2>/dev/null </dev/null)" ||
            existing_version="version unknown"
        log "using the pulumi on PATH: $existing ($existing_version)"
        log "  language host: $langhost"
        if [ ! -x "$existing_dir/pulumi-resource-pulumi-nodejs" ] &&
            ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
            log "  warning: no pulumi-resource-pulumi-nodejs next to it or on PATH: dynamic providers will not load"
        fi
        printf '%s\n' "$existing_dir"
        exit 0
    fi
    log "pulumi on PATH ($existing) has no pulumi-language-nodejs next to it or on PATH; using the cached build"
fi

# --- 2. The cached build ---------------------------------------------------------------
cache_root="${PULUMI_QS_CACHE:-${HOME:?HOME is not set; set PULUMI_QS_CACHE}/.cache/pulumi-qovery-secrets}"
dest="$cache_root/pulumi-$PULUMI_VERSION"
bin="$dest/bin"

for f in cli/go.mod cli/go.sum cli/tools.go language-nodejs/go.mod language-nodejs/go.sum language-nodejs/tools.go; do
    [ -f "$template_dir/$f" ] || die "missing $template_dir/$f"
done

# The stamp names everything the build depends on: a change to the recipe rebuilds.
stamp="$(
    {
        echo "cli=$PULUMI_VERSION langhost=$LANGHOST_SDK_VERSION tags=$BUILD_TAGS"
        cd "$template_dir" && cat cli/go.mod cli/go.sum cli/tools.go \
            language-nodejs/go.mod language-nodejs/go.sum language-nodejs/tools.go
    } | sha256sum | cut -c1-16
)"

is_good() {
    [ -f "$dest/.stamp" ] && [ "$(cat "$dest/.stamp")" = "$stamp" ] &&
        [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] &&
        [ -x "$bin/pulumi-resource-pulumi-nodejs" ]
}

if is_good; then
    log "using cached Pulumi CLI $PULUMI_VERSION: $bin"
    printf '%s\n' "$bin"
    exit 0
fi

mkdir -p "$cache_root" || die "cannot create the cache directory $cache_root"

# One build at a time per cache; a run that waited finds the other's result.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache_root/.pulumi-$PULUMI_VERSION.lock"
    if ! flock -n 9; then
        log "another run is building Pulumi $PULUMI_VERSION; waiting for it"
        flock 9
    fi
    if is_good; then
        log "using cached Pulumi CLI $PULUMI_VERSION: $bin"
        printf '%s\n' "$bin"
        exit 0
    fi
    # Holding the lock: leftovers of killed builds are nobody's.
    rm -rf -- "$cache_root/.build-pulumi-$PULUMI_VERSION."* "$cache_root/.old-pulumi-$PULUMI_VERSION."*
fi

go_bin="$(command -v go 2>/dev/null || true)"
if [ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ]; then
    go_bin=/usr/local/go/bin/go
fi
[ -n "$go_bin" ] || die "no pulumi with pulumi-language-nodejs on PATH, and no Go toolchain (go) to build one"

# A clean, predictable go environment, whatever the caller's: the template's go.sum pins
# every module; default GOPATH/GOCACHE/GOPROXY stay in force, so reruns are fast.
export GOFLAGS="-mod=readonly -buildvcs=false -trimpath"
export GO111MODULE=on GOWORK=off CGO_ENABLED=0
unset GOOS GOARCH GOARM GOAMD64 GOEXPERIMENT

log "building Pulumi CLI $PULUMI_VERSION and its Node.js language host into $bin"
log "  with $("$go_bin" version); the first build takes a while (about 10-20 minutes on 2 cores)"

work="$(mktemp -d "$cache_root/.build-pulumi-$PULUMI_VERSION.XXXXXX")"
cleanup() { rm -rf -- "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work/src" "$work/out/bin"
cp -R "$template_dir/cli" "$template_dir/language-nodejs" "$work/src/"

build() { # build <module dir> <package> <output> <version>
    local dir="$1" pkg="$2" out="$3" version="$4"
    log "  go build $pkg ($version)"
    (cd "$dir" && "$go_bin" build -tags "$BUILD_TAGS" \
        -ldflags "-s -w -X $VERSION_VAR=$version" -o "$out" "$pkg") >&2 ||
        die "building $pkg failed (see above); is the Go module proxy reachable (GOPROXY=$("$go_bin" env GOPROXY))?"
}

started=$SECONDS
build "$work/src/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$work/out/bin/pulumi" "$PULUMI_VERSION"
build "$work/src/language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    "$work/out/bin/pulumi-language-nodejs" "$LANGHOST_SDK_VERSION"

# The dynamic-provider shim: runs the @pulumi/pulumi that the program itself resolves.
cat >"$work/out/bin/pulumi-resource-pulumi-nodejs" <<'EOF'
#!/bin/sh
# Pulumi resource plugin for dynamic providers of Node.js programs: runs the
# dynamic-provider entry point of the @pulumi/pulumi package resolved from the
# current directory, with all arguments.
script=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))") || exit 1
if [ -z "$script" ]; then
    echo "pulumi-resource-pulumi-nodejs: @pulumi/pulumi/cmd/dynamic-provider not found from $(pwd)" >&2
    exit 1
fi
exec node "$script" "$@"
EOF
chmod 0755 "$work/out/bin/pulumi-resource-pulumi-nodejs"

got="$(PULUMI_SKIP_UPDATE_CHECK=true timeout 60 "$work/out/bin/pulumi" version 2>/dev/null </dev/null)" ||
    die "the built pulumi does not run"
[ "$got" = "$PULUMI_VERSION" ] || die "the built pulumi reports version '$got', expected $PULUMI_VERSION"
printf '%s\n' "$stamp" >"$work/out/.stamp"

# Swap into place: a reader sees either the old complete tree or the new one.
if [ -e "$dest" ]; then
    old="$(mktemp -d "$cache_root/.old-pulumi-$PULUMI_VERSION.XXXXXX")"
    mv -- "$dest" "$old/"
    mv -T -- "$work/out" "$dest"
    rm -rf -- "$old"
else
    mv -T -- "$work/out" "$dest"
fi

log "built in $((SECONDS - started))s: $bin"
printf '%s\n' "$bin"
