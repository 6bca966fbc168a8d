"""Start the postloan desktop app: ``python main.py --help``."""

from postloan_desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
