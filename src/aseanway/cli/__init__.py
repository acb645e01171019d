"""The ``aseanway`` command line (Typer). Thin: every command calls a library function.

``main()`` runs the app in non-standalone mode so that every error (unknown command, bad flag, bad
input file, out-of-range year) is printed as one line on stderr with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import os
import sys

import typer
from typer.exceptions import Abort, Exit, TyperException

from aseanway import __version__
from aseanway.cli import analysis, explain, forecast, run, serve, unga, world
from aseanway.errors import AseanwayError

app = typer.Typer(
    name="aseanway",
    help="Foreign policy, international politics and ASEAN political-security cooperation: "
    "reference data, negotiation forecasts and simulations. / Politik luar negeri, politik "
    "internasional dan kerja sama politik-keamanan ASEAN.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"aseanway {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """aseanway command line."""


for _module in (world, explain, forecast, unga, run, analysis, serve):
    _module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code (0 success, 1 input error, 2 usage)."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        result = app(args=args, prog_name="aseanway", standalone_mode=False)
    except Exit as exc:
        return exc.exit_code
    except Abort:
        print("aseanway: aborted", file=sys.stderr)
        return 130
    except TyperException as exc:  # bad flag, unknown command, bad parameter value
        msg = " ".join(exc.format_message().split())
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: show its help, exit 2
            print(exc.format_message(), file=sys.stderr)
            return 2
        print(f"aseanway: error: {msg}", file=sys.stderr)
        return exc.exit_code
    except AseanwayError as exc:
        print(f"aseanway: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `aseanway ... | head`
        return 0
    except Exception as exc:  # a bug: say so in one line; the traceback only on request
        if os.environ.get("ASEANWAY_DEBUG"):
            raise
        print(
            f"aseanway: internal error: {type(exc).__name__}: {exc} (set ASEANWAY_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 3
    return result if isinstance(result, int) else 0


def console_main() -> None:
    sys.exit(main())
