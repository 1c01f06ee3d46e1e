# Sourced by every script: sets up .venv with the pinned dependencies on first run,
# and again only when requirements.lock or pyproject.toml change.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.plainmed-stamp"
want="$(cat "$ROOT/requirements.lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "plainmed: setting up $VENV (first run or changed dependencies)..." >&2
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade "pip==26.3"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.lock"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e "$ROOT"
  echo "$want" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
export NO_MKDOCS_2_WARNING=1   # Material 9.8 prints an end-of-life banner at every build otherwise
cd "$ROOT"

# Debian packages some steps need (installed once; CI and developers run as root).
need_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "plainmed: installing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "plainmed: run as root, or: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# What the browser and HTML checks need: Debian's Chromium, a Java runtime and the Nu Html Checker (vnu-jar, from
# package-lock.json). --ignore-scripts: vnu-jar's install script would download a Java of its own.
need_browser_checks() {
  need_debian_packages chromium
  command -v java >/dev/null || need_debian_packages default-jre-headless
  command -v npm >/dev/null || need_debian_packages npm
  local want stamp="$ROOT/node_modules/.plainmed-stamp"
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$ROOT/node_modules/vnu-jar/build/dist/vnu.jar" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "plainmed: installing the Nu Html Checker (npm ci)..." >&2
    (cd "$ROOT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" > "$stamp"
  fi
}

# Handout PDFs (WeasyPrint): Pango for text layout, DejaVu fonts embedded in every PDF, and HarfBuzz's subsetter
# (WeasyPrint embeds font subsets with it, about twice as fast as its fallback, and warns at every build without it).
need_debian_packages fonts-dejavu-core fonts-dejavu-extra libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
