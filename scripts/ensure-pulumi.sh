#!/usr/bin/env bash
# Provide a Pulumi CLI and the Node.js language host of the same version, able to run Node.js
# programs with dynamic providers:
#
#   PATH="$(scripts/ensure-pulumi.sh):$PATH"
#
# Progress goes to stderr; stdout gets exactly one line: the bin directory holding
# pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs.
#
# Sources, the first that works:
# 1. `pulumi` on PATH with `pulumi-language-nodejs` on PATH or next to it (set
#    PULUMI_QS_IGNORE_PATH=1 to skip this check).
# 2. The cached result of 3, 4 or 5, in
#    ${PULUMI_QS_CACHE:-$HOME/.cache/pulumi-qovery-secrets}/pulumi-<version>-<recipe hash>/bin:
#    a later run, from any clone with the same recipe, reuses it in well under a second.
# 3. Pulumi's official release archive of this version, where a download site is reachable
#    (where none is, curl fails within a second; PULUMI_QS_NO_DOWNLOAD=1 skips it).
# 4. A build from the Go module proxy: the CLI through the wrapper module in pulumi-cli/cli, and
#    the language host of the same version from its source in pulumi-cli/language-nodejs-host
#    (the proxy refuses the host's own module; see the README there).
# 5. Last resort, when 4 cannot build the host: the language host of sdk/v3 v3.68.0 (the newest
#    module version that still contains it), with a warning: that older host ignores runtime
#    options and lacks several engine features. PULUMI_QS_REQUIRE_MATCHING_HOST=1 (set by the
#    tests and CI) makes this an error, and refuses such a cached pair.
#
# Each build goes to a temporary directory renamed into place only when complete.
# Offline use of the CLI also wants: PULUMI_SKIP_UPDATE_CHECK=true, a file:// backend
# (`pulumi login file://DIR`) and PULUMI_CONFIG_PASSPHRASE.
set -euo pipefail

# CLI and language host version: matches the @pulumi/pulumi devDependency.
PULUMI_VERSION=v3.248.0
# The fallback language host (5) comes from the github.com/pulumi/pulumi/sdk/v3 module at this
# version. See scripts/pulumi-cli/language-nodejs/go.mod.
FALLBACK_LANGHOST_SDK_VERSION=v3.68.0

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
host_src="$template_dir/language-nodejs-host"

for f in cli/go.mod cli/go.sum cli/tools.go language-nodejs/go.mod language-nodejs/go.sum language-nodejs/tools.go \
    language-nodejs-host/main.go; do
    [ -f "$template_dir/$f" ] || die "missing $template_dir/$f"
done

# The stamp names everything a build depends on: a change to the recipe builds anew. The cache
# records where its binaries came from in .source: release, build or fallback.
stamp="$(
    {
        echo "cli=$PULUMI_VERSION fallback=$FALLBACK_LANGHOST_SDK_VERSION tags=$BUILD_TAGS"
        cd "$template_dir" && cat cli/go.mod cli/go.sum cli/tools.go \
            language-nodejs/go.mod language-nodejs/go.sum language-nodejs/tools.go language-nodejs-host/*.go
    } | sha256sum | cut -c1-16
)"
# One folder per recipe, so that clones with different recipes never rebuild each other's.
dest="$cache_root/pulumi-$PULUMI_VERSION-$stamp"
bin="$dest/bin"

cached_source() { cat "$dest/.source" 2>/dev/null || echo unknown; }

is_good() {
    [ -f "$dest/.stamp" ] && [ "$(cat "$dest/.stamp")" = "$stamp" ] &&
        [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] &&
        [ -x "$bin/pulumi-resource-pulumi-nodejs" ] &&
        { [ "${PULUMI_QS_REQUIRE_MATCHING_HOST:-}" != "1" ] || [ "$(cached_source)" != fallback ]; }
}

warn_fallback() {
    log "WARNING: pulumi-language-nodejs is the old host of sdk/v3 $FALLBACK_LANGHOST_SDK_VERSION, not $PULUMI_VERSION."
    log "  With it, Pulumi.yaml runtime options (typescript, tsconfig, nodeargs, packagemanager) are ignored,"
    log "  pulumi.getRootDirectory() returns \"rootDirectory\", resource hooks, stack transforms and"
    log "  SignalAndWaitForShutdown are not forwarded, policy packs do not start, and pulumi import code"
    log "  generation, convert and package add fail. Install Pulumi the ordinary way to get the real host."
}

use_cached() {
    log "using cached Pulumi CLI $PULUMI_VERSION ($(cached_source)): $bin"
    [ "$(cached_source)" != fallback ] || warn_fallback
    printf '%s\n' "$bin"
    exit 0
}

if is_good; then use_cached; fi

mkdir -p "$cache_root" || die "cannot create the cache directory $cache_root"

# One build at a time per cache; a run that waited finds the other's result.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache_root/.pulumi-$PULUMI_VERSION-$stamp.lock"
    if ! flock -n 9; then
        log "another run is building Pulumi $PULUMI_VERSION; waiting for it"
        flock 9
    fi
    if is_good; then use_cached; fi
    # Holding the lock: leftovers of killed builds are nobody's.
    rm -rf -- "$cache_root/.build-pulumi-$PULUMI_VERSION-$stamp."* "$cache_root/.old-pulumi-$PULUMI_VERSION-$stamp."*
fi

work="$(mktemp -d "$cache_root/.build-pulumi-$PULUMI_VERSION-$stamp.XXXXXX")"
cleanup() { rm -rf -- "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$work/out/bin"
started=$SECONDS

# Checks the result, records its source and stamp, and swaps it into place: a reader sees
# either the old complete tree or the new one.
install_result() { # install_result <source: release|build|fallback>
    local got old
    got="$(PULUMI_SKIP_UPDATE_CHECK=true timeout 60 "$work/out/bin/pulumi" version 2>/dev/null </dev/null)" ||
        die "the new pulumi does not run"
    [ "$got" = "$PULUMI_VERSION" ] || die "the new pulumi reports version '$got', expected $PULUMI_VERSION"
    printf '%s\n' "$stamp" >"$work/out/.stamp"
    printf '%s\n' "$1" >"$work/out/.source"
    if [ -e "$dest" ]; then
        old="$(mktemp -d "$cache_root/.old-pulumi-$PULUMI_VERSION-$stamp.XXXXXX")"
        mv -- "$dest" "$old/"
        mv -T -- "$work/out" "$dest"
        rm -rf -- "$old"
    else
        mv -T -- "$work/out" "$dest"
    fi
    log "ready in $((SECONDS - started)) s ($1): $bin"
    printf '%s\n' "$bin"
    exit 0
}

# --- 3. The official release archive ----------------------------------------------------
try_release() {
    [ "${PULUMI_QS_NO_DOWNLOAD:-}" != "1" ] || return 1
    command -v curl >/dev/null 2>&1 || return 1
    local os arch name base
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) return 1 ;; esac
    case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) return 1 ;; esac
    name="pulumi-$PULUMI_VERSION-$os-$arch.tar.gz"
    base="https://get.pulumi.com/releases/sdk"
    log "downloading $base/$name"
    if ! curl -fsSL --connect-timeout 10 --max-time 600 -o "$work/$name" "$base/$name"; then
        log "  no download; building from the Go module proxy instead"
        return 1
    fi
    # The release's own checksums, when they can be had, must match.
    if curl -fsSL --connect-timeout 10 --max-time 60 -o "$work/checksums.txt" \
        "$base/pulumi-${PULUMI_VERSION#v}-checksums.txt"; then
        (cd "$work" && grep " $name\$" checksums.txt | sha256sum -c --status) ||
            die "$name does not match the release's checksums"
    fi
    tar -xzf "$work/$name" -C "$work" || return 1
    [ -x "$work/pulumi/pulumi" ] && [ -x "$work/pulumi/pulumi-language-nodejs" ] || return 1
    cp -p "$work/pulumi/"* "$work/out/bin/"
}
if try_release; then install_result release; fi

# --- 4. and 5. Builds from the Go module proxy --------------------------------------------
go_bin="$(command -v go 2>/dev/null || true)"
if [ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ]; then
    go_bin=/usr/local/go/bin/go
fi
[ -n "$go_bin" ] || die "no pulumi with pulumi-language-nodejs on PATH, no release download, and no Go toolchain (go) to build one"

# A clean, predictable go environment, whatever the caller's: the templates' go.sum pin
# every module; default GOPATH/GOCACHE/GOPROXY stay in force, so reruns are fast.
export GOFLAGS="-mod=readonly -buildvcs=false -trimpath"
export GO111MODULE=on GOWORK=off CGO_ENABLED=0
unset GOOS GOARCH GOARM GOAMD64 GOEXPERIMENT

log "building Pulumi CLI $PULUMI_VERSION and its Node.js language host into $bin"
log "  with $("$go_bin" version); the first build takes a while (about 10 minutes on 2 cores)"

mkdir -p "$work/src"
cp -R "$template_dir/cli" "$template_dir/language-nodejs" "$work/src/"
# The host's source becomes a main package inside the CLI's wrapper module, whose go.sum
# already pins every module it imports, at the CLI's own versions.
mkdir -p "$work/src/cli/langhost"
cp "$host_src"/*.go "$work/src/cli/langhost/"

build() { # build <module dir> <package> <output> <version>
    local dir="$1" pkg="$2" out="$3" version="$4"
    log "  go build $pkg ($version)"
    (cd "$dir" && "$go_bin" build -tags "$BUILD_TAGS" \
        -ldflags "-s -w -X $VERSION_VAR=$version" -o "$out" "$pkg") >&2
}

build "$work/src/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$work/out/bin/pulumi" "$PULUMI_VERSION" ||
    die "building the Pulumi CLI failed (see above); is the Go module proxy reachable (GOPROXY=$("$go_bin" env GOPROXY))?"

# The dynamic-provider shim: runs the @pulumi/pulumi that the program itself resolves.
cat >"$work/out/bin/pulumi-resource-pulumi-nodejs" <<'SHIM'
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
SHIM
chmod 0755 "$work/out/bin/pulumi-resource-pulumi-nodejs"

if build "$work/src/cli" ./langhost "$work/out/bin/pulumi-language-nodejs" "$PULUMI_VERSION"; then
    install_result build
fi
[ "${PULUMI_QS_REQUIRE_MATCHING_HOST:-}" != "1" ] ||
    die "the language host $PULUMI_VERSION did not build (see above), and PULUMI_QS_REQUIRE_MATCHING_HOST=1 refuses the old one"
log "the language host $PULUMI_VERSION did not build (see above); falling back to sdk/v3 $FALLBACK_LANGHOST_SDK_VERSION's"
build "$work/src/language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    "$work/out/bin/pulumi-language-nodejs" "$FALLBACK_LANGHOST_SDK_VERSION" ||
    die "building the fallback language host failed too (see above)"
warn_fallback
install_result fallback
