# Shared preparation for tools/run and tools/test; sourced, not executed.
# Installs what is missing and nothing more, so that every run is idempotent:
# Debian packages (PostgreSQL, Chromium), an Odoo 18.0 source tree, a virtualenv
# with the pinned requirements, a running PostgreSQL cluster and an Odoo config.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IL_HOME=${IL_HOME:-/opt/industrial_logistics}
ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
ODOO_ARCHIVE_URL=${ODOO_ARCHIVE_URL:-https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz}
VENV=${IL_VENV:-$IL_HOME/venv}
ODOO_CONF="$IL_HOME/odoo.conf"
ADDONS_DIR="$IL_HOME/addons"
ADDON_DIR="$ADDONS_DIR/industrial_logistics"

say() { printf '\033[1m[industrial_logistics]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[industrial_logistics] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_debian_packages() {
    local missing=()
    command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
    command -v chromium >/dev/null || missing+=(chromium)
    command -v python3 >/dev/null || missing+=(python3)
    python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
    # PDF reports: wkhtmltopdf renders them, DejaVu gives their text its glyphs (accents, arrows),
    # poppler-utils reads the printed PDFs back in the tests.
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
    command -v pdftoppm >/dev/null || missing+=(poppler-utils)
    # Translations: msgmerge (tools/i18n update) and msgfmt --check-format (tools/i18n check).
    command -v msgfmt >/dev/null || missing+=(gettext)
    # The lint stage's prettier and eslint (pre-commit's node hooks) run on the system's node.
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    command -v git >/dev/null || missing+=(git)
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

ensure_odoo_source() {
    if [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
        say "no Odoo source tree at $ODOO_SRC: downloading Odoo's official 18.0 source archive"
        local archive
        archive=$(mktemp)
        if ! python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' \
                "$ODOO_ARCHIVE_URL" "$archive" 2>/dev/null; then
            rm -f "$archive"
            die "Odoo 18.0 was not found at $ODOO_SRC and its source archive could not be downloaded
    from $ODOO_ARCHIVE_URL.
    Provide an Odoo 18.0 source tree (the directory holding odoo-bin), then run again:
        ODOO_SRC=/path/to/odoo-18.0 $0
    or unpack it at /opt/odoo-18.0, where these commands look by default."
        fi
        as_root mkdir -p "$ODOO_SRC"
        as_root tar -xzf "$archive" -C "$ODOO_SRC" --strip-components=1
        rm -f "$archive"
    fi
    grep -q "^version_info = (18, 0," "$ODOO_SRC/odoo/release.py" \
        || die "$ODOO_SRC is not an Odoo 18.0 source tree (see $ODOO_SRC/odoo/release.py)"
}

ensure_virtualenv() {
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating the virtualenv $VENV"
        mkdir -p "$IL_HOME"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q --upgrade pip wheel setuptools
    fi
    local stamp="$VENV/.requirements.sha256" wanted
    wanted=$(cat "$REPO_DIR/requirements.txt" "$REPO_DIR/requirements-test.txt" | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        say "installing the pinned Python requirements"
        "$VENV/bin/pip" install -q -r "$REPO_DIR/requirements-test.txt"
        echo "$wanted" > "$stamp"
    fi
    local odoo_path
    odoo_path=$("$VENV/bin/python" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null || true)
    if [ "$odoo_path" != "$(cd "$ODOO_SRC" && pwd -P)" ]; then
        say "installing Odoo from $ODOO_SRC into the virtualenv"
        "$VENV/bin/pip" install -q --no-deps -e "$ODOO_SRC" 2>/dev/null \
            || die "pip could not install Odoo from $ODOO_SRC"
    fi
}

ensure_postgresql() {
    local version
    version=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1}')
    if [ -z "$version" ]; then
        version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
        say "creating the PostgreSQL $version cluster"
        as_root pg_createcluster "$version" main
    fi
    if ! pg_lsclusters -h | awk '$2 == "main" {print $4}' | grep -q online; then
        say "starting PostgreSQL $version"
        as_root pg_ctlcluster "$version" main start
    fi
    local user
    user=$(id -un)
    if ! as_root su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$user'\"" | grep -q 1; then
        say "creating the PostgreSQL role $user"
        as_root su postgres -c "createuser --createdb '$user'"
    fi
}

ensure_odoo_config() {
    mkdir -p "$ADDONS_DIR" "$IL_HOME/data"
    # Odoo and pytest-odoo want the addon in a directory named after it, whatever
    # the checkout is called: link the checkout under that name.
    ln -sfn "$REPO_DIR" "$ADDON_DIR"
    cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ADDONS_DIR
data_dir = $IL_HOME/data
db_host = False
db_port = False
http_interface = 127.0.0.1
http_port = 8069
list_db = True
CONF
}

odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" "$@"; }

prepare() {
    ensure_debian_packages
    ensure_odoo_source
    ensure_virtualenv
    ensure_postgresql
    ensure_odoo_config
}
