#!/usr/bin/env bash
# Installs claude-usage: a virtualenv with the library and its dependencies, and one plugin
# file (claude_usage.1m.py, its shebang pointing at that virtualenv) in the SwiftBar / xbar /
# Argos plugin folder. Re-running it upgrades. Runs on macOS's bash 3.2 and on Linux.
set -euo pipefail

PLUGIN_NAME="claude_usage.1m.py"
# The plugin's shebang runs the venv's python without site.py (-S): site and the venv's .pth
# files cost ~2 ms of every run; the plugin adds the venv's site-packages itself.
PYTHON_FLAGS="-S"

usage() {
    cat <<'EOF'
usage: ./install.sh [--plugins-dir DIR] [--python PY] [--statusline] [--no-stream]
       ./install.sh --uninstall [--purge] [--plugins-dir DIR]
       ./install.sh --dev [--python PY]

Installs the claude-usage menu bar plugin: a virtualenv with its dependencies in
$CLAUDE_USAGE_HOME (default ~/.local/share/claude-usage), and the plugin file
claude_usage.1m.py in your SwiftBar / xbar / Argos plugin folder. Re-run to upgrade:
it goes where the last install put it. A virtualenv for another Python version, or
whose Python no longer runs (a Homebrew upgrade removes it), is made anew.

  --plugins-dir DIR  put the plugin in DIR (created if missing); default: where the
                     last install put it, else SwiftBar's configured folder (Setapp's
                     edition too), else xbar's, else Argos's (~/.config/argos)
  --python PY        base Python (3.9 or newer) for the virtualenv; default python3,
                     or $CLAUDE_USAGE_PYTHON
  --statusline       also make the plugin Claude Code's status line, which feeds the
                     menu bar live numbers for free (only when no status line is set:
                     otherwise it prints how to feed ours from yours)
  --no-stream        install the one-shot plugin, which SwiftBar runs every minute,
                     instead of the resident (streamable) one it starts once
  --uninstall        remove the plugin file, the virtualenv and our cache and settings,
                     and our status line from Claude Code's settings if it is ours
                     (never anything else in ~/.claude); a manual token stays in the
                     keychain / keyring, and it prints the command that removes it
  --purge            with --uninstall: remove the manual token from the keyring too
  --dev              set up a development virtualenv in this clone (.venv) instead
  -h, --help         this text
EOF
}

say() { printf '%s\n' "$*"; }
die() {
    printf 'install.sh: %s\n' "$*" >&2
    exit 1
}
usage_error() {
    printf 'install.sh: %s\n\n' "$*" >&2
    usage >&2
    exit 2
}

mode=install
plugins_dir=""
statusline=""
no_stream=""
purge=""
py="${CLAUDE_USAGE_PYTHON:-python3}"
set_mode() {
    if [ "$mode" != install ] && [ "$mode" != "$1" ]; then
        usage_error "--$mode and --$1 do not go together"
    fi
    mode=$1
}
while [ $# -gt 0 ]; do
    case "$1" in
        -h | --help)
            usage
            exit 0
            ;;
        --uninstall) set_mode uninstall ;;
        --dev) set_mode dev ;;
        --statusline) statusline=1 ;;
        --no-stream) no_stream=1 ;;
        --purge) purge=1 ;;
        --plugins-dir | --python)
            if [ $# -lt 2 ] || [ -z "$2" ]; then usage_error "$1 needs a value"; fi
            if [ "$1" = --python ]; then py=$2; else plugins_dir=$2; fi
            shift
            ;;
        --plugins-dir=*) plugins_dir=${1#*=} ;;
        --python=*) py=${1#*=} ;;
        *) usage_error "unknown option: $1" ;;
    esac
    shift
done
if [ -n "$purge" ] && [ "$mode" != uninstall ]; then
    usage_error "--purge goes with --uninstall"
fi

: "${HOME:?HOME is not set}"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
home="${CLAUDE_USAGE_HOME:-$HOME/.local/share/claude-usage}"
case "$home" in
    /*) ;;
    *) home="$PWD/$home" ;;
esac
home=${home%/}
venv="$home/venv"
venv_py="$venv/bin/python3"
manifest="$home/installed-plugin" # where the plugin went: upgrades and --uninstall use it
os=$(uname -s)
# SwiftBar keeps its settings under its bundle id: com.ameba.SwiftBar (GitHub, Homebrew), and
# Setapp's edition under that id with -setapp added, as Setapp does to every app it ships.
SWIFTBAR_DOMAINS="com.ameba.SwiftBar com.ameba.SwiftBar-setapp"
# The manual token's keyring entry: SERVICE and FIRST_ACCOUNT in lib/claude_usage/sources/manual.py.
KEYRING_SERVICE=claude-usage
KEYRING_ACCOUNT=oauth-access-token

interactive() { [ -t 0 ] && [ -z "${CI:-}" ]; }

expand_tilde() {
    case "$1" in
        \~) printf '%s\n' "$HOME" ;;
        \~/*) printf '%s\n' "$HOME/${1#\~/}" ;;
        *) printf '%s\n' "$1" ;;
    esac
}

# Ours: a regular file whose shebang names our virtualenv (a symlink to a clone is not).
is_ours() {
    local first=""
    if [ ! -f "$1" ] || [ -L "$1" ]; then return 1; fi
    IFS= read -r first <"$1" || true
    [ "$first" = "#!$venv_py $PYTHON_FLAGS" ] || [ "$first" = "#!$venv_py" ]  # (before 0.2)
}

refresh_swiftbar() {
    if [ "$os" = Darwin ] && [ -z "${CI:-}" ]; then
        open -g 'swiftbar://refreshallplugins' >/dev/null 2>&1 || true
    fi
}

remove_dir() { # remove_dir DIR: only our own folders, all named claude-usage
    if [ -d "$1" ] && [ "$(basename "$1")" = claude-usage ]; then
        rm -rf "$1"
        say "  removed $1"
    fi
}

# Under SwiftBar our state lives in its per-plugin folders (SWIFTBAR_PLUGIN_CACHE_PATH and
# _DATA_PATH), named after the plugin file. Remove our files there by name, nothing else.
OUR_FILES="usage.dat settings.dat alerts.dat fetch.lock alerts.lock"
remove_swiftbar_files() {
    local root folder name
    for root in "$HOME/Library/Caches/com.ameba.SwiftBar" \
        "$HOME/Library/Caches/com.ameba.SwiftBar-setapp" \
        "$HOME/Library/Application Support/SwiftBar"; do
        [ -d "$root" ] || continue
        find "$root" -maxdepth 3 -type d -name "$PLUGIN_NAME" 2>/dev/null |
            while IFS= read -r folder; do
                for name in $OUR_FILES; do rm -f "$folder/$name"; done
                rm -f "$folder"/*.dat.*.tmp
                if rmdir "$folder" 2>/dev/null; then say "  removed $folder"; fi
            done
    done
}

# Sets token (uninstall's) to whether a manual token is stored: stored, none, or unknown (no
# keyring, a broken virtualenv). macOS reads the item's attributes only, so the Keychain
# shows no prompt; on Linux a child of ours reads the token and keeps it to itself. Exit
# codes 10 to 12, so that a crash (1) is never taken for an answer.
find_manual_token() {
    local status=0
    if [ "$os" = Darwin ]; then
        security find-generic-password -s "$KEYRING_SERVICE" -a "$KEYRING_ACCOUNT" \
            >/dev/null 2>&1 || status=$?
        case "$status" in 0) token=stored ;; 44) token=none ;; *) token=unknown ;; esac
        return
    fi
    "$venv_py" - "$KEYRING_SERVICE" "$KEYRING_ACCOUNT" >/dev/null 2>&1 <<'EOF' || status=$?
import sys
from claude_usage.core.errors import ClaudeUsageError
from claude_usage.system.keystore import get_secret
try:
    sys.exit(10 if get_secret(sys.argv[1], sys.argv[2]) else 11)
except ClaudeUsageError:
    sys.exit(12)
EOF
    case "$status" in 10) token=stored ;; 11) token=none ;; *) token=unknown ;; esac
}

token_removal_command() { # the one line that removes the manual token, with no venv of ours
    if [ "$os" = Darwin ]; then
        say "security delete-generic-password -s $KEYRING_SERVICE -a $KEYRING_ACCOUNT"
    else # keyring's Secret Service items carry the attributes `service` and `username`
        say "secret-tool clear service $KEYRING_SERVICE username $KEYRING_ACCOUNT"
    fi
}

purge_token() { # --purge: like find_manual_token, after removing it
    local status=0
    "$venv_py" - "$KEYRING_SERVICE" "$KEYRING_ACCOUNT" 2>/dev/null <<'EOF' || status=$?
import sys
from claude_usage.core.errors import ClaudeUsageError
from claude_usage.system.keystore import delete_secret
try:
    sys.exit(10 if delete_secret(sys.argv[1], sys.argv[2]) else 11)
except ClaudeUsageError as e:
    print(f"  could not remove the manual token: {e}")
    sys.exit(12)
EOF
    case "$status" in
        10) say "  removed the manual token from the keychain / keyring" && token=none ;;
        11) token=none ;;
        *) token=unknown ;;
    esac
}

uninstall() {
    local recorded="" candidate removed_plugin="" token=unknown
    if [ -f "$manifest" ]; then
        IFS= read -r recorded <"$manifest" || true
    fi
    if [ -n "$purge" ]; then
        purge_token # before the virtualenv goes: it is what reaches the keyring
    else
        find_manual_token
    fi
    for candidate in "$recorded" "${plugins_dir:+$plugins_dir/$PLUGIN_NAME}"; do
        [ -n "$candidate" ] || continue
        if is_ours "$candidate"; then
            "$venv_py" "$candidate" --uninstall-statusline | sed 's/^/  /' || true
            rm -f "$candidate"
            say "  removed $candidate"
            removed_plugin=1
        elif [ -e "$candidate" ] || [ -L "$candidate" ]; then
            say "  left $candidate alone: it does not run $venv_py"
        fi
    done
    if [ -f "$venv/pyvenv.cfg" ]; then
        rm -rf "$venv"
        say "  removed $venv"
    fi
    if [ -f "$manifest" ]; then
        rm -f "$manifest"
        say "  removed $manifest"
    fi
    if [ -d "$home" ]; then
        if [ "$(basename "$home")" = claude-usage ]; then
            remove_dir "$home"
        elif rmdir "$home" 2>/dev/null; then
            say "  removed $home"
        else
            say "  left $home in place: it holds files that are not ours"
        fi
    fi
    remove_swiftbar_files
    if [ "$os" = Darwin ]; then
        remove_dir "$HOME/Library/Caches/claude-usage"
        remove_dir "$HOME/Library/Application Support/claude-usage"
    else
        remove_dir "${XDG_CACHE_HOME:-$HOME/.cache}/claude-usage"
        remove_dir "${XDG_DATA_HOME:-$HOME/.local/share}/claude-usage"
    fi
    [ -z "$removed_plugin" ] || refresh_swiftbar
    say "claude-usage is uninstalled."
    case "$token" in
        stored) say "Your manual token is still in the keychain / keyring. Remove it with:" ;;
        unknown) say "If you stored a manual token (--set-token), remove it from the keyring with:" ;;
    esac
    if [ "$token" != none ]; then
        say "  $(token_removal_command)"
    fi
    say "Claude Code's own sign-in (~/.claude, its keychain item) is never touched."
}

find_python() {
    local pybin
    pybin=$(command -v "$py" 2>/dev/null) || die "no Python found at '$py' (use --python PATH)"
    "$pybin" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' ||
        die "claude-usage needs Python 3.9 or newer; $pybin is $("$pybin" -V 2>&1)"
    printf '%s\n' "$pybin"
}

py_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }

run_pip() { # run_pip PYTHON ARGS...
    local python=$1
    shift
    "$python" -m pip -q --disable-pip-version-check "$@"
}

# ensure_venv DIR PYBIN: a virtualenv in DIR for PYBIN's Python version. One for another
# version, or whose interpreter no longer runs (a Homebrew upgrade removes the one it
# links to), is made anew: running venv over it again would keep the dead links.
ensure_venv() {
    local dir=$1 pybin=$2 have="" want
    want=$(py_version "$pybin")
    if [ -e "$dir" ]; then
        have=$(py_version "$dir/bin/python3" || true)
        if [ "$have" = "$want" ]; then
            say "Using the virtualenv $dir (Python $have)"
            return
        fi
        [ -f "$dir/pyvenv.cfg" ] || die "$dir exists and is not a virtualenv; move it away"
        say "Re-creating $dir for Python $want (was: ${have:-an interpreter that no longer runs})"
        rm -rf "$dir"
    else
        say "Creating $dir (Python $want)"
    fi
    (umask 077 && mkdir -p "$(dirname "$dir")")  # each folder it makes is 0700: our data lives here too
    if ! "$pybin" -m venv "$dir"; then
        rm -rf "$dir"
        die "could not create a virtualenv with $pybin (on Debian/Ubuntu: apt install python3-venv)"
    fi
}

dev_setup() {
    local pybin dev_py="$repo/.venv/bin/python3"
    pybin=$(find_python) # a plain assignment, so that set -e stops on its failure
    ensure_venv "$repo/.venv" "$pybin"
    # Apple's Python 3.9 ships a pip too old for editable installs from pyproject.toml.
    "$dev_py" -m pip install -q --disable-pip-version-check --upgrade pip
    (cd "$repo" && "$dev_py" -m pip install -q --disable-pip-version-check -e '.[dev]')
    say "Development environment ready. Run the tests with:"
    say "  .venv/bin/python -m pytest"
}

find_plugins_dir() { # prints the folder, or nothing
    local d="" domain
    if [ "$os" = Darwin ]; then
        for domain in $SWIFTBAR_DOMAINS; do
            d=$(defaults read "$domain" PluginDirectory 2>/dev/null || true)
            if [ -n "$d" ]; then
                expand_tilde "$d"
                return
            fi
        done
        d="$HOME/Library/Application Support/xbar/plugins"
    else
        d="$HOME/.config/argos"
    fi
    if [ -d "$d" ]; then printf '%s\n' "$d"; fi
}

tmp=""
plugin_tmp=""
plugin=""
cleanup() {
    if [ -n "$plugin_tmp" ]; then rm -f "$plugin_tmp"; fi
    if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT

install_package() {
    local wheel
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/claude-usage.XXXXXX")
    # Build from a clean copy: nothing (build/, *.egg-info) lands in the clone, and no stale
    # build/ folder leaks old modules into the wheel.
    mkdir "$tmp/src"
    (cd "$repo" && COPYFILE_DISABLE=1 tar -cf - --exclude .git --exclude .venv --exclude build \
        --exclude dist --exclude '*.egg-info' --exclude __pycache__ --exclude .pytest_cache \
        --exclude .ruff_cache --exclude tests .) | (cd "$tmp/src" && tar -xf -)
    run_pip "$venv_py" wheel --no-deps -w "$tmp/dist" "$tmp/src"
    wheel=$(find "$tmp/dist" -name 'claude_usage-*.whl' | head -n 1)
    [ -n "$wheel" ] || die "building the claude-usage wheel failed"
    # Dependencies first; then the package itself, always: pip keeps an installed wheel of
    # the same version, so without --force-reinstall a re-run would leave the old code.
    run_pip "$venv_py" install --upgrade "$wheel"
    run_pip "$venv_py" install --force-reinstall --no-deps "$wheel"
    "$venv_py" -c 'import claude_usage.cli, requests, keyring' ||
        die "the virtualenv $venv is incomplete; remove it and re-run"
}

write_plugin() { # write_plugin DIR: sets $plugin
    local dir=$1
    mkdir -p "$dir" || die "cannot create the plugin folder $dir"
    dir=$(cd "$dir" && pwd)
    plugin="$dir/$PLUGIN_NAME"
    # A hidden temp file in the same folder, then a rename: the host never runs a half file.
    plugin_tmp="$dir/.$PLUGIN_NAME.tmp.$$"
    {
        printf '#!%s %s\n' "$venv_py" "$PYTHON_FLAGS"
        if [ -z "$no_stream" ]; then
            # SwiftBar starts a streamable plugin once and keeps it; xbar and Argos ignore this.
            printf '# <swiftbar.type>streamable</swiftbar.type>\n'
        fi
        tail -n +2 "$repo/$PLUGIN_NAME"
    } >"$plugin_tmp"
    chmod 755 "$plugin_tmp"
    mv -f "$plugin_tmp" "$plugin"
    plugin_tmp=""
}

install() {
    local pybin dir previous="" answer
    case "$home" in
        *[[:space:]]*)
            die "the install folder '$home' contains a space, which breaks the plugin's" \
                "shebang; set CLAUDE_USAGE_HOME to a path without spaces"
            ;;
    esac
    if [ ! -f "$repo/pyproject.toml" ] || [ ! -f "$repo/$PLUGIN_NAME" ]; then
        die "run install.sh from a claude-usage clone ($repo has no pyproject.toml)"
    fi
    pybin=$(find_python)
    ensure_venv "$venv" "$pybin"
    install_package

    if [ -f "$manifest" ]; then
        IFS= read -r previous <"$manifest" || true
    fi
    dir=$plugins_dir
    if [ -z "$dir" ] && [ -n "$previous" ] && [ -d "$(dirname "$previous")" ]; then
        dir=$(dirname "$previous") # an upgrade goes where the last install put it
    fi
    dir=${dir:-$(find_plugins_dir)}
    if [ -z "$dir" ] && interactive; then
        read -r -p "No plugin folder found. Install the plugin into (Enter to skip): " answer ||
            answer=""
        dir=$answer
    fi
    if [ -z "$dir" ]; then
        say ""
        say "The library is installed in $venv, but no plugin folder was found"
        say "(SwiftBar's, xbar's or ~/.config/argos). Point one out with:"
        say "  ./install.sh --plugins-dir /path/to/plugins"
        say "Meanwhile ./claude_usage.1m.py from this clone works (try --demo)."
        return
    fi
    write_plugin "$(expand_tilde "$dir")"
    (umask 077 && printf '%s\n' "$plugin" >"$manifest")
    if [ -n "$previous" ] && [ "$previous" != "$plugin" ] && is_ours "$previous"; then
        rm -f "$previous"
        say "Removed the previous plugin $previous"
    fi
    refresh_swiftbar
    if [ -n "$statusline" ]; then
        "$plugin" --install-statusline
    fi

    say ""
    say "Installed the plugin: $plugin"
    say "Next steps:"
    say "  - preview it with sample data:  \"$plugin\" --demo"
    say "  - it reads your Claude Code sign-in (run 'claude' and log in once); or store a"
    say "    token with:  \"$plugin\" --set-token"
    if [ "$os" = Darwin ]; then
        say "  - SwiftBar / xbar shows it in the menu bar within a minute"
    fi
    if [ -z "$statusline" ]; then
        say "  - live numbers from Claude Code for free:  ./install.sh --statusline"
    fi
    say "  - upgrade: git pull && ./install.sh    remove: ./install.sh --uninstall"
}

case "$mode" in
    install) install ;;
    uninstall) uninstall ;;
    dev) dev_setup ;;
esac
