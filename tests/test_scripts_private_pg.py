# Copyright 2026 Energy Suite Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where scripts/lib.sh puts the private PostgreSQL cluster.

As root the cluster runs as the postgres system user, which cannot enter a
checkout under a private home (mode 0700, as /root usually is): the cluster
must then live in a per-checkout directory that user can reach, and every run
must find the same one. A checkout the cluster's owner can enter keeps it in
.run/. These tests source lib.sh in a copy of the checkout's scripts placed in
temporary directories (no Odoo, a few seconds); as a non-root user they check
that the cluster stays in .run/.

scripts/test runs them with the rest of tests/; alone, without a database:
    .venv/bin/python -m pytest -p no:odoo tests/test_scripts_private_pg.py
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[1] / "scripts" / "lib.sh"
IS_ROOT = os.geteuid() == 0


@pytest.fixture
def place():
    """A temporary directory everybody can enter, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="energy-suite-test-", dir="/tmp"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def make_checkout(place, home_mode):
    """A checkout with scripts/lib.sh at place/home/suite, home with home_mode."""
    home = place / "home"
    (home / "suite" / "scripts").mkdir(parents=True)
    shutil.copy(LIB, home / "suite" / "scripts" / "lib.sh")
    (home / "suite").chmod(0o755)
    home.chmod(home_mode)
    return home / "suite"


def lib(checkout, snippet, pg_dir):
    """Run snippet after sourcing the checkout's lib.sh; its stdout and stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if pg_dir is None:
        env.pop("ENERGY_PG_DIR", None)
    else:
        env["ENERGY_PG_DIR"] = str(pg_dir)
    script = f'source "$1"; {snippet}'
    result = subprocess.run(
        ["bash", "-c", script, "bash", checkout / "scripts" / "lib.sh"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


PATHS = 'private_pg_paths; printf "%s\\n" "$PG_HOME" "$PG_DATA" "$PG_SOCKDIR"'


def pg_paths(checkout, pg_dir):
    home, data, sockdir = lib(checkout, PATHS, pg_dir)[0].splitlines()
    return home, data, sockdir


def shared_home(base, checkout):
    digest = hashlib.sha256(os.path.realpath(checkout).encode()).hexdigest()[:16]
    return f"{base}/pg-{digest}"


def test_open_checkout_keeps_the_cluster_in_run_dir(place):
    checkout = make_checkout(place, 0o755)
    assert pg_paths(checkout, place / "pg") == (
        "",
        f"{checkout}/.run/pgdata",
        f"{checkout}/.run/pgsocket",
    )


def test_private_checkout_paths(place):
    checkout = make_checkout(place, 0o700)
    if not IS_ROOT:
        # The cluster runs as this user, who owns the checkout.
        assert pg_paths(checkout, place / "pg")[1] == f"{checkout}/.run/pgdata"
        return
    pg_dir = place / "pg"
    home = shared_home(pg_dir, checkout)
    assert pg_paths(checkout, pg_dir) == (home, f"{home}/pgdata", f"{home}/socket")
    # Without ENERGY_PG_DIR: a per-checkout directory of /var/lib/energy-suite
    # (only computed here, nothing created).
    home = shared_home("/var/lib/energy-suite", checkout)
    assert pg_paths(checkout, None) == (home, f"{home}/pgdata", f"{home}/socket")


def test_private_checkout_cluster_starts_and_is_reused(place):
    checkout = make_checkout(place, 0o700)
    pg_dir = place / "pg"
    start = (
        "start_private_pg; "
        'psql -X -qtA -d postgres -c "show data_directory"; echo "$PGHOST"'
    )
    _home, data, sockdir = pg_paths(checkout, pg_dir)
    try:
        out, err = lib(checkout, start, pg_dir)
        assert out.split() == [data, sockdir]
        assert "Creating a private PostgreSQL cluster" in err
        # A second run reuses the running cluster as it is.
        out, err = lib(checkout, start, pg_dir)
        assert out.split() == [data, sockdir]
        assert "Creating" not in err and "Starting" not in err
        # .run/ is still the place of the filestore and other data.
        assert (checkout / ".run").is_dir()
        if IS_ROOT:
            assert not data.startswith(str(place / "home"))
            assert not (checkout / ".run" / "pgdata").exists()
            assert Path(data).parent.stat().st_mode & 0o777 == 0o700
            assert Path(data).parent.owner() == "postgres"
            # Still the same cluster once the checkout becomes reachable.
            (place / "home").chmod(0o755)
            assert pg_paths(checkout, pg_dir)[1] == data
    finally:
        stop = f'as_pg_owner "$(pg_bindir)/pg_ctl" -D "{data}" stop -m immediate'
        lib(checkout, f"{stop} >/dev/null 2>&1 || true", pg_dir)
