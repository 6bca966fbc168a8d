from postloan_desktop.cli import main

raise SystemExit(main())
