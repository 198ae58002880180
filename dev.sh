#!/usr/bin/env bash
# One entry point for people and CI:
#   ./dev.sh app [FILES...]   set up, then open the window (on the sample BOM when no file is given)
#   ./dev.sh test [ARGS...]   set up, then run the whole test suite (offscreen)
#   ./dev.sh test-min [ARGS]  the same suite in .venv-min, on the lowest declared versions (.ci/min-versions.txt)
#   ./dev.sh cli ARGS...      set up, then run bom-auditor-cli
#   ./dev.sh bench [ARGS...]  set up, then run the benchmark
#   ./dev.sh bundle           build the standalone app into dist/bom-auditor/ (PyInstaller) in .venv-bundle,
#                             from the exact versions in resources/packaging/bundle-constraints.txt
#   ./dev.sh i18n             set up, then update resources/i18n/*.ts from guiapp/gui and compile them to .qm
#   ./dev.sh setup            only set up
# Setup installs Qt's system libraries with apt-get when they are missing (as root, or through sudo),
# creates .venv with Python 3.11+ and installs the package with its test extras. It is idempotent and
# skips work already done, so every command can start with it.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="${BOM_AUDITOR_VENV:-$ROOT/.venv}"
# With a constraints file (test-min), every dependency is installed at exactly the version it names.
CONSTRAINTS="${BOM_AUDITOR_CONSTRAINTS:-}"
# The extras installed with the package: the test tools, or only PyInstaller for the bundle's own venv.
EXTRAS="test"

# Qt 6 (PySide6) needs these on a bare Debian/Ubuntu: GL/EGL, fontconfig, xkbcommon, D-Bus, GLib, and for
# a real X display the xcb plugin's libraries. xvfb/xauth/xdotool serve the screenshot script; PyInstaller
# and the bundle test (objdump, the glibc check) use binutils; the install-desktop tests check the default
# handler with xdg-mime (xdg-utils) and the "Open with" cache with update-desktop-database (desktop-file-utils).
# LibreOffice (calc, no GUI: about 90 MB to download, 277 MB installed) converts every annotated copy of the
# producer conformance corpus (tests/core/test_conformance.py), as an auditor's other spreadsheet program would.
APT_PACKAGES=(
  libgl1 libegl1 libopengl0 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 fonts-dejavu-core
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libxcb-render0 libxrender1 libxi6 xvfb xauth xdotool
  binutils xdg-utils desktop-file-utils libreoffice-calc-nogui
)

log() { printf '[dev.sh] %s\n' "$*" >&2; }

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      log "missing system packages (${missing[*]}); install them as root: apt-get install ${missing[*]}"
      return 0
    fi
  fi
  log "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  # Ubuntu 24.04+ renamed some libraries with a t64 suffix; apt resolves the old names to them.
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  for py in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  log "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)"; exit 2
}

setup() {
  install_system_packages
  if [ ! -x "$VENV/bin/python" ]; then
    local py; py=$(find_python)
    log "creating $VENV with $py"
    if ! "$py" -m venv "$VENV" 2>/dev/null; then
      # Debian's python3 ships venv separately.
      log "python3-venv is missing; installing it"
      if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq python3-venv >/dev/null; else sudo apt-get install -y -qq python3-venv >/dev/null; fi
      "$py" -m venv "$VENV"
    fi
  fi
  local stamp="$VENV/.installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || { [ -n "$CONSTRAINTS" ] && [ "$CONSTRAINTS" -nt "$stamp" ]; }; then
    log "installing bom-auditor with its $EXTRAS extras into $VENV${CONSTRAINTS:+ (versions from $CONSTRAINTS)}"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    local pins=()
    [ -n "$CONSTRAINTS" ] && pins=(-c "$CONSTRAINTS")
    # setuptools' build warnings about resources/ are noise here; the log is shown if the install fails.
    if ! "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${pins[@]}" -e ".[$EXTRAS]" >"$VENV/install.log" 2>&1; then
      cat "$VENV/install.log" >&2
      log "installing the package failed (log above)"; exit 2
    fi
    touch "$stamp"
  fi
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case "$cmd" in
  setup) setup ;;
  app)
    setup
    if [ $# -eq 0 ]; then set -- "$ROOT/resources/samples/sample-bom.xlsx"; fi
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      log "no display found: starting the window on a virtual screen (xvfb-run); set DISPLAY to see it"
      exec xvfb-run -a -s "-screen 0 1366x768x24" "$VENV/bin/bom-auditor" "$@"
    fi
    exec "$VENV/bin/bom-auditor" "$@"
    ;;
  test)
    setup
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  test-min)
    # The soak test (minutes of real key presses) runs once, in `test`; the bounds are measured without it.
    BOM_AUDITOR_VENV="$ROOT/.venv-min" BOM_AUDITOR_CONSTRAINTS="$ROOT/.ci/min-versions.txt" \
      exec "$0" test -m "not soak" "$@"
    ;;
  cli) setup; exec "$VENV/bin/bom-auditor-cli" "$@" ;;
  bench) setup; exec "$VENV/bin/python" "$ROOT/tests/bench/bench_screening.py" "$@" ;;
  i18n)
    # The window's texts (tr() and translate() in guiapp/gui) into the translation files; translate the new
    # entries of bom_auditor_de.ts (Qt Linguist, or by hand), then run this again to compile. English holds
    # only the plural forms ("%n finding(s)" -> "1 finding", "5 findings").
    setup
    sources=("$ROOT"/guiapp/gui/*.py)
    "$VENV/bin/pyside6-lupdate" -silent -no-obsolete -locations none -target-language de \
      "${sources[@]}" -ts "$ROOT/resources/i18n/bom_auditor_de.ts"
    "$VENV/bin/pyside6-lupdate" -silent -no-obsolete -locations none -pluralonly -target-language en \
      "${sources[@]}" -ts "$ROOT/resources/i18n/bom_auditor_en.ts"
    for ts in "$ROOT"/resources/i18n/*.ts; do
      "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
    done
    log "updated resources/i18n; untranslated: $(grep -c 'type="unfinished"' "$ROOT"/resources/i18n/*.ts | tr '\n' ' ')"
    ;;
  bundle)
    # One folder with both programs (bom-auditor, bom-auditor-cli); resources/packaging/README.md tells
    # how the same spec builds on Windows and macOS.
    # Its own venv with exactly the pinned versions, so the test venv keeps the newest ones.
    VENV="$ROOT/.venv-bundle" CONSTRAINTS="$ROOT/resources/packaging/bundle-constraints.txt" EXTRAS="bundle"
    setup
    "$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN --distpath "$ROOT/dist" \
      --workpath "$ROOT/build/pyinstaller" "$ROOT/resources/packaging/bom-auditor.spec"
    log "built $ROOT/dist/bom-auditor/ ($(du -sh "$ROOT/dist/bom-auditor" | cut -f1)); $(grep '^glibc:' "$ROOT/dist/bom-auditor/SYSTEM-REQUIREMENTS.txt" || true)"
    log "checking it opens the sample"
    QT_QPA_PLATFORM=offscreen "$ROOT/dist/bom-auditor/bom-auditor" --smoke-test
    ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    [ "$cmd" = help ] || exit 2
    ;;
esac
