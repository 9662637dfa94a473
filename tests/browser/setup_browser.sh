#!/usr/bin/env bash
# Install what the browser checks need, once: Debian's Chromium and, in a cache
# folder outside the checkout, playwright-core and axe-core at pinned versions.
#
#   bash tests/browser/setup_browser.sh [CACHE_DIR]
#
# CACHE_DIR defaults to $SURVEY_BROWSER_DIR, else $SURVEY_CACHE/browser, else
# ~/.cache/survey/browser. Idempotent: a second run installs nothing. Progress goes
# to stderr; the only line on stdout is the cache folder (browser.py reads it).
# Exit codes: 0 ready, 3 cannot install Chromium (not root / no apt-get),
# 4 Chromium install failed, 5 npm install failed, 6 Chromium or Node unusable.
set -euo pipefail

PLAYWRIGHT_CORE_VERSION=1.65.1
AXE_CORE_VERSION=4.14.1
CHROMIUM=/usr/bin/chromium

log() { printf 'setup_browser: %s\n' "$*" >&2; }
die() {
    local code=$1
    shift
    log "ERROR: $*"
    exit "$code"
}

dir=${1:-${SURVEY_BROWSER_DIR:-${SURVEY_CACHE:+$SURVEY_CACHE/browser}}}
dir=${dir:-$HOME/.cache/survey/browser}

# --- Chromium (Debian package) -------------------------------------------------
if [[ -x $CHROMIUM ]]; then
    log "chromium present: $CHROMIUM"
else
    if [[ $(id -u) -ne 0 ]]; then
        die 3 "$CHROMIUM is missing and installing it needs root: run as root, or" \
            "'sudo apt-get install -y --no-install-recommends chromium'"
    fi
    command -v apt-get >/dev/null || die 3 "$CHROMIUM is missing and there is no apt-get here"
    export DEBIAN_FRONTEND=noninteractive
    log "chromium missing: apt-get update"
    apt-get update >&2 || die 4 "apt-get update failed (is Debian's package registry reachable?)"
    log "apt-get install -y --no-install-recommends chromium"
    apt-get install -y --no-install-recommends chromium >&2 ||
        die 4 "apt-get install chromium failed"
    [[ -x $CHROMIUM ]] || die 4 "chromium installed but $CHROMIUM is still missing"
fi
"$CHROMIUM" --version >&2 2>/dev/null || die 6 "$CHROMIUM does not run"

# --- playwright-core and axe-core (npm, into the cache folder) ------------------
command -v node >/dev/null || die 6 "node is not on PATH (Node.js >= 20 is needed)"
command -v npm >/dev/null || die 6 "npm is not on PATH"
mkdir -p "$dir" || die 5 "cannot create $dir"

# Two test sessions starting together must not run npm in the same folder at once.
if command -v flock >/dev/null; then
    exec 9>"$dir/.lock"
    flock 9
fi

installed_version() { # prints the installed version of package $1, or nothing
    local pj="$dir/node_modules/$1/package.json"
    [[ -f $pj ]] && node -p "require(process.argv[1]).version" "$pj" 2>/dev/null || true
}

if [[ $(installed_version playwright-core) == "$PLAYWRIGHT_CORE_VERSION" &&
    $(installed_version axe-core) == "$AXE_CORE_VERSION" &&
    -f $dir/node_modules/axe-core/axe.min.js ]]; then
    log "playwright-core@$PLAYWRIGHT_CORE_VERSION and axe-core@$AXE_CORE_VERSION present in $dir"
else
    # A package.json of its own, so that npm does not climb to a parent folder's.
    [[ -f $dir/package.json ]] ||
        printf '{\n  "name": "survey-browser-checks",\n  "private": true\n}\n' >"$dir/package.json"
    log "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION axe-core@$AXE_CORE_VERSION in $dir"
    (
        cd "$dir"
        # npm retries a failed fetch after 10 s then 60 s: wait 2 s then 10 s instead,
        # so that an unreachable registry fails fast (the caller's npm_config_* win).
        export npm_config_fetch_retry_mintimeout=${npm_config_fetch_retry_mintimeout:-2000}
        export npm_config_fetch_retry_maxtimeout=${npm_config_fetch_retry_maxtimeout:-10000}
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --save-exact \
            --loglevel=error "playwright-core@$PLAYWRIGHT_CORE_VERSION" "axe-core@$AXE_CORE_VERSION" >&2
    ) || die 5 "npm install failed (is the npm registry reachable?)"
    [[ $(installed_version playwright-core) == "$PLAYWRIGHT_CORE_VERSION" ]] ||
        die 5 "playwright-core@$PLAYWRIGHT_CORE_VERSION not found in $dir after npm install"
    [[ $(installed_version axe-core) == "$AXE_CORE_VERSION" ]] ||
        die 5 "axe-core@$AXE_CORE_VERSION not found in $dir after npm install"
fi

log "ready"
printf '%s\n' "$dir"
