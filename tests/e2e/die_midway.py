"""Run one sync of a laptop's data folder and kill this very process (SIGKILL, no clean-up)
at a chosen moment: ``after-push`` (head office applied the first push, the laptop never
read the answer) or ``after-bytes:N`` (blob chunks of at least N bytes in all acknowledged).

    python die_midway.py DATA_DIR MOMENT
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path

import httpx

from postloan_desktop.services.bootstrap import open_services
from postloan_desktop.sync.client import SyncClient


class Dying(httpx.HTTPTransport):
    def __init__(self, moment: str) -> None:
        super().__init__()
        self.moment = moment
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.read()
        if self.moment == "after-push" and request.url.path.endswith("/push"):
            os.kill(os.getpid(), signal.SIGKILL)
        if self.moment.startswith("after-bytes:") and request.method == "PUT":
            self.sent += len(request.content)
            if self.sent >= int(self.moment.split(":")[1]):
                os.kill(os.getpid(), signal.SIGKILL)
        return response


def main() -> None:
    folder, moment = Path(sys.argv[1]), sys.argv[2]
    services = open_services(folder, today=dt.date(2026, 11, 28))
    services.sync.client_factory = lambda url, token: SyncClient(
        url, token=token, transport=Dying(moment)
    )
    services.sync.sync()
    print("the sync finished before the chosen moment", file=sys.stderr)
    sys.exit(3)


if __name__ == "__main__":
    main()
