"""doccano's webserver on 127.0.0.1 only: `doccano webserver` (1.8.4) binds 0.0.0.0 and has no
option to change it.

Run it with the interpreter of doccano's own venv, with the same DOCCANO_HOME as `doccano init`:

    ~/doccano-venv/bin/python scripts/doccano_loopback.py --port 8000 [--workers 2]

Importing doccano's CLI module sets doccano's defaults exactly as the `doccano` command does
(settings, the SQLite database and media under $DOCCANO_HOME); then gunicorn, which doccano
runs too, serves the same WSGI application, bound where `--host` says. SIGTERM stops it
gracefully (the workers finish their requests).
"""

from __future__ import annotations

import argparse
import sys

from backend import cli  # doccano's: its import sets the environment its commands run in
from gunicorn.app.wsgiapp import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind [127.0.0.1]")
    parser.add_argument("--port", type=int, default=8000, help="port [8000]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes [2]")
    args = parser.parse_args()
    sys.argv = ["gunicorn", "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
                "--chdir", cli.base, "--capture-output", "config.wsgi"]
    run()


if __name__ == "__main__":
    main()
