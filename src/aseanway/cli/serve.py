"""`aseanway serve`: the web dashboard on this machine (FastAPI + uvicorn). See docs/web.md."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from aseanway.cli.common import DbOpt
from aseanway.store import DEFAULT_DB

DEFAULT_HOST = "127.0.0.1"  # localhost only: nobody else on the network can reach the dashboard
DEFAULT_PORT = 8000  # uvicorn's usual port
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        host: Annotated[
            str, typer.Option("--host", help="Address to listen on (default: this machine only).")
        ] = DEFAULT_HOST,
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = DEFAULT_PORT,
        db: DbOpt = Path(DEFAULT_DB),
        unga_data: Annotated[
            Path | None,
            typer.Option(
                "--unga-data",
                help="UNGA folder (roll_calls.csv, votes.csv.gz) for /api/unga "
                "(default: ../shared/data/unga if it exists).",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Serve the dashboard and its JSON API (in Indonesian and English) at http://HOST:PORT/."""
        import uvicorn

        from aseanway.errors import InputError
        from aseanway.web.app import create_app, default_unga_dir

        if unga_data is not None and not (unga_data / "roll_calls.csv").is_file():
            raise InputError("expected a folder holding roll_calls.csv and votes.csv.gz", file=str(unga_data))
        folder = unga_data if unga_data is not None else default_unga_dir()
        if host not in LOCAL_HOSTS:
            print(
                f"aseanway: warning: listening on {host}, not only on this machine: anyone who can reach "
                f"port {port} can use the dashboard, run simulations and read the results store. "
                "There is no login. Use --host 127.0.0.1 unless you mean it.",
                file=sys.stderr,
            )
        shown = f"[{host}]" if ":" in host else host
        print(f"aseanway: serving http://{shown}:{port}/ (results store {db}; Ctrl+C stops)", file=sys.stderr)
        uvicorn.run(create_app(db_path=db, unga_data=folder), host=host, port=port, log_level="warning")
