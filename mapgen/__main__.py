"""The ``mapgen`` command and ``python -m mapgen``: Ctrl-C at any moment, while the command's
imports load too, is one line and exit status 130."""
import sys

INTERRUPTED = "mapgen: interrupted\n"


def run() -> None:
    try:
        from mapgen.cli import main
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED)
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
