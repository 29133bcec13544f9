"""Helpers shared by the benchmarks in scripts/ (run with the suite's .venv)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def odoo_args():
    """The suite's Odoo options, as scripts/lib.sh gives them: configuration,
    addons path (the Odoo source tree the scripts look for, then ours), data
    directory and the PostgreSQL server named by PG*."""
    odoo_src = os.environ.get("ODOO_SRC") or str(
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "energy-suite"
        / "odoo-18.0"
    )
    addons = [f"{odoo_src}/odoo/addons"]
    if Path(odoo_src, "addons").is_dir():
        addons.append(f"{odoo_src}/addons")
    addons.append(str(ROOT / "addons"))
    args = [
        "-c",
        str(ROOT / "config" / "odoo.conf"),
        f"--addons-path={','.join(addons)}",
        f"--data-dir={ROOT / '.run' / 'data'}",
    ]
    for variable, option in (
        ("PGHOST", "db_host"),
        ("PGPORT", "db_port"),
        ("PGUSER", "db_user"),
        ("PGPASSWORD", "db_password"),
    ):
        if os.environ.get(variable):
            args.append(f"--{option}={os.environ[variable]}")
    return args


def odoo_env(database):
    """Start Odoo with the suite's configuration, as scripts/lib.sh does."""
    import odoo
    from odoo.tools import config

    config.parse_config([*odoo_args(), "--log-level=warn", "-d", database])
    odoo.service.server.load_server_wide_modules()
    return odoo.modules.registry.Registry.new(database)


def cups_code(prefix, number):
    from stdnum.es import cups

    base = f"ES{prefix}{number:0{16 - len(prefix)}d}"
    return base + cups.calc_check_digits(base)
