# shellcheck shell=bash
# Shared helpers of scripts/setup, scripts/run, scripts/test and scripts/lint.
# Sourced, never executed. Everything here is idempotent.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
RUN_DIR="$ROOT/.run"
ODOO_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/energy-suite/odoo-18.0"
ODOO_NIGHTLY_URL="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
PYTHON="${PYTHON:-python3}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
    printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2
    exit 1
}

is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------
# Odoo source
# ---------------------------------------------------------------------------

is_odoo_tree() { [ -f "$1/odoo-bin" ] && [ -f "$1/odoo/release.py" ] && [ -f "$1/setup.py" ]; }

odoo_series() { sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\).*/\1.\2/p" "$1/odoo/release.py"; }

# Sets ODOO_SRC to an Odoo 18.0 source tree, or stops saying what to provide.
resolve_odoo_src() {
    if [ -n "${ODOO_SRC:-}" ]; then
        is_odoo_tree "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo-bin, odoo/release.py and setup.py there)."
    elif is_odoo_tree "$ODOO_CACHE"; then
        ODOO_SRC="$ODOO_CACHE"
    else
        say "No Odoo source tree yet; trying to download the Odoo 18.0 nightly source archive"
        local tmp
        tmp="$(mktemp -d)"
        if have curl && curl -fsSL --connect-timeout 10 --max-time 900 -o "$tmp/odoo.tar.gz" "$ODOO_NIGHTLY_URL"; then
            mkdir -p "$ODOO_CACHE"
            tar -xzf "$tmp/odoo.tar.gz" -C "$ODOO_CACHE" --strip-components=1
            rm -rf "$tmp"
        else
            rm -rf "$tmp"
            die "Odoo 18.0 Community source not found and it could not be downloaded.
Provide it in one of these ways, then run this command again:
  * unpack an Odoo 18.0 source tree (the one with odoo-bin, setup.py and odoo/) into
        $ODOO_CACHE
  * or point ODOO_SRC at such a tree: ODOO_SRC=/path/to/odoo-18.0 $0"
        fi
    fi
    local series
    series="$(odoo_series "$ODOO_SRC")"
    [ "$series" = "18.0" ] || die "$ODOO_SRC holds Odoo $series; the suite needs Odoo 18.0."
    export ODOO_SRC
}

# The addons path: Odoo's core addons, then ours. OCA wheels are found through
# the odoo.addons namespace in site-packages.
addons_path() {
    local path="$ODOO_SRC/odoo/addons"
    [ -d "$ODOO_SRC/addons" ] && path="$path,$ODOO_SRC/addons"
    printf '%s,%s' "$path" "$ROOT/addons"
}

# Our addons, in a stable order (names of folders with a manifest).
suite_addons() {
    local d names=()
    for d in "$ROOT"/addons/*/__manifest__.py; do
        [ -e "$d" ] || continue
        names+=("$(basename "$(dirname "$d")")")
    done
    [ ${#names[@]} -gt 0 ] || die "No addon found under $ROOT/addons."
    (
        IFS=,
        printf '%s' "${names[*]}"
    )
}

# ---------------------------------------------------------------------------
# System packages (Debian/Ubuntu, as root); elsewhere say what is missing.
# ---------------------------------------------------------------------------

APT_UPDATED=0
apt_install() {
    is_root && have apt-get || return 1
    if [ "$APT_UPDATED" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
        [ -x "$d/initdb" ] && {
            printf '%s' "$d"
            return 0
        }
    done
    have initdb && dirname "$(command -v initdb)" && return 0
    return 1
}

ensure_system_packages() {
    local missing=()
    pg_bindir >/dev/null || missing+=(postgresql postgresql-client)
    have pg_config || missing+=(libpq-dev)
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev libsasl2-dev)
    have wkhtmltopdf || missing+=(wkhtmltopdf)
    fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core fonts-liberation)
    have chromium || have chromium-browser || have google-chrome || missing+=(chromium)
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Installing system packages: ${missing[*]}"
    if ! apt_install "${missing[@]}"; then
        die "These system packages are missing and could not be installed here: ${missing[*]}
Install them with your system's package manager (PostgreSQL server and client with
their development headers, LDAP/SASL headers, wkhtmltopdf, DejaVu fonts, Chromium), then retry."
    fi
}

# ---------------------------------------------------------------------------
# Python virtualenv with Odoo (editable, so pip sees the 'odoo' distribution
# that the OCA wheels depend on) and our requirements.
# ---------------------------------------------------------------------------

ensure_venv() {
    local stamp="$VENV/.energy-suite-stamp" want
    want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" "$ODOO_SRC/requirements.txt" | sha256sum | cut -c1-16) $ODOO_SRC"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/odoo" ]; then
        return 0
    fi
    say "Preparing the virtualenv $VENV (Odoo 18.0 from $ODOO_SRC and requirements.txt)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
    export PIP_CONSTRAINT="$ROOT/scripts/build-constraints.txt"
    "${pip[@]}" install "pip==24.3.1" "setuptools<81" wheel
    # Odoo's pinned requirements, then Odoo itself as an editable distribution
    # (compat mode keeps it a plain path entry that odoo.addons namespace scanning understands).
    "${pip[@]}" install -r "$ODOO_SRC/requirements.txt"
    "${pip[@]}" install --no-build-isolation --config-settings editable_mode=compat -e "$ODOO_SRC"
    "${pip[@]}" install -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt"
    "$VENV/bin/python" -c "import importlib.metadata as m, odoo.release as r; assert r.version_info[:2] == (18, 0); print('odoo', m.version('odoo'))" >/dev/null ||
        die "Odoo is not importable from $VENV after installation."
    printf '%s' "$want" >"$stamp"
}

# ---------------------------------------------------------------------------
# PostgreSQL: the server the PG* variables name when it answers, otherwise a
# private cluster under .run/ on a Unix socket inside .run/. As root the cluster
# runs as the postgres system user; when that user cannot enter the checkout
# (a clone under a private home such as /root, mode 0700) the cluster lives in
# a per-checkout directory of $ENERGY_PG_DIR instead (see private_pg_paths).
# ---------------------------------------------------------------------------

PG_SHARED_BASE="${ENERGY_PG_DIR:-/var/lib/energy-suite}"

pg_answers() { "$(pg_bindir)/psql" -X -q -d "${PGDATABASE:-postgres}" -c 'select 1' >/dev/null 2>&1; }

# Runs a command as the owner of the private cluster (PostgreSQL refuses root),
# from / so that PostgreSQL's tools never start in a directory they cannot read.
as_pg_owner() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Whether the owner of the private cluster can enter directory $1 (and so every
# directory above it).
pg_owner_can_enter() { as_pg_owner test -x "$1" 2>/dev/null; }

# The per-checkout directory used when the cluster cannot live in .run/: named
# from a hash of the checkout's physical path, so each checkout has its own and
# every run of the same checkout finds it again.
pg_shared_home() {
    printf '%s/pg-%s' "$PG_SHARED_BASE" "$(cd "$ROOT" && pwd -P | tr -d '\n' | sha256sum | cut -c1-16)"
}

# Sets PG_DATA, PG_SOCKDIR and PG_PORT of the private cluster, and PG_HOME to
# the per-checkout directory holding both when it is not .run/ (empty otherwise).
# .run/pgdata and .run/pgsocket when the cluster's owner can enter the checkout
# (always true for non-root users, who own the cluster), unless a cluster of this
# checkout already lives in the per-checkout directory; that directory otherwise.
# Nothing is created here.
private_pg_paths() {
    PG_PORT="${ENERGY_PG_PORT:-5432}"
    local shared
    shared="$(pg_shared_home)"
    if ! is_root || {
        pg_owner_can_enter "$ROOT" &&
            { [ -f "$RUN_DIR/pgdata/PG_VERSION" ] || [ ! -f "$shared/pgdata/PG_VERSION" ]; }
    }; then
        PG_HOME=""
        PG_DATA="$RUN_DIR/pgdata"
        PG_SOCKDIR="$RUN_DIR/pgsocket"
        # A Unix socket path is limited to ~107 bytes: fall back to a short path.
        if [ ${#PG_SOCKDIR} -gt 80 ]; then
            PG_SOCKDIR="/tmp/energy-suite-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
        fi
    else
        PG_HOME="$shared"
        PG_DATA="$PG_HOME/pgdata"
        PG_SOCKDIR="$PG_HOME/socket"
    fi
}

# Creates the directories of private_pg_paths, owned by the cluster's owner.
prepare_private_pg_dirs() {
    mkdir -p "$RUN_DIR"
    if [ -n "$PG_HOME" ]; then
        if [ ! -d "$PG_SHARED_BASE" ]; then
            mkdir -p "$PG_SHARED_BASE"
            chmod 0755 "$PG_SHARED_BASE"
        fi
        mkdir -p "$PG_HOME" "$PG_DATA" "$PG_SOCKDIR"
        # Only the cluster's owner (and root) may enter: the socket trusts its users.
        chown postgres: "$PG_HOME" "$PG_DATA" "$PG_SOCKDIR"
        chmod 0700 "$PG_HOME" "$PG_DATA"
        printf '%s\n' "$ROOT" >"$PG_HOME/checkout"
    else
        mkdir -p "$PG_SOCKDIR"
        if is_root; then
            chmod 755 "$RUN_DIR"
            chown postgres: "$PG_SOCKDIR"
            if [ ! -f "$PG_DATA/PG_VERSION" ]; then
                mkdir -p "$PG_DATA"
                chown postgres: "$PG_DATA"
            fi
        fi
    fi
    local owner
    owner="$(id -un)"
    is_root && owner=postgres
    as_pg_owner test -w "$PG_SOCKDIR" -a -x "$PG_SOCKDIR" -a -x "$(dirname "$PG_DATA")" 2>/dev/null ||
        die "The PostgreSQL cluster's owner ($owner) cannot use $PG_DATA and $PG_SOCKDIR.
Give it access to them (ENERGY_PG_DIR chooses where clusters of unreachable checkouts live), or point the PG* variables at a running server."
}

start_private_pg() {
    local bindir
    bindir="$(pg_bindir)" || die "PostgreSQL server binaries not found (initdb, pg_ctl)."
    if is_root && ! id -u postgres >/dev/null 2>&1; then
        die "As root, the private PostgreSQL cluster runs as the 'postgres' system user, which does not exist here.
Create it (installing the postgresql package does), or point the PG* variables at a running server."
    fi
    private_pg_paths
    prepare_private_pg_dirs
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        say "Creating a private PostgreSQL cluster in $PG_DATA"
        as_pg_owner "$bindir/initdb" -D "$PG_DATA" -U "$(id -un)" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    export PGHOST="$PG_SOCKDIR" PGPORT="$PG_PORT" PGUSER="$(id -un)"
    if ! as_pg_owner "$bindir/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        say "Starting the private PostgreSQL cluster in $PG_DATA (socket in $PG_SOCKDIR)"
        as_pg_owner "$bindir/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
            -o "-k $PG_SOCKDIR -c listen_addresses='' -p $PG_PORT -c fsync=off -c full_page_writes=off" \
            start >/dev/null || die "PostgreSQL did not start; see $PG_DATA/server.log"
    fi
    pg_answers || die "The private PostgreSQL cluster does not answer on $PG_SOCKDIR."
}

ensure_postgres() {
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}" ] && pg_answers; then
        say "Using the PostgreSQL server named by PG* (${PGHOST:-local socket}:${PGPORT:-5432})"
        return 0
    fi
    start_private_pg
}

# Odoo command line with the suite's configuration.
odoo_cmd() {
    local args=("$VENV/bin/odoo" -c "$ROOT/config/odoo.conf" --addons-path="$(addons_path)"
        --data-dir="$RUN_DIR/data")
    [ -n "${PGHOST:-}" ] && args+=(--db_host="$PGHOST")
    [ -n "${PGPORT:-}" ] && args+=(--db_port="$PGPORT")
    [ -n "${PGUSER:-}" ] && args+=(--db_user="$PGUSER")
    [ -n "${PGPASSWORD:-}" ] && args+=(--db_password="$PGPASSWORD")
    "${args[@]}" "$@"
}

setup_all() {
    resolve_odoo_src
    ensure_system_packages
    ensure_venv
    ensure_postgres
}
