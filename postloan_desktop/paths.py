"""Where the app keeps its data: the platform's user data folder unless ``--data-dir`` says."""

from pathlib import Path

import platformdirs

APP_NAME = "postloan"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class DataDir:
    """The layout of a data folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def config(self) -> Path:
        """Optional settings (``postloan.toml``); see ``postloan_desktop.config``."""
        return self.root / "postloan.toml"

    @property
    def database(self) -> Path:
        return self.root / "postloan.sqlite3"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def create(self) -> None:
        for folder in (self.root, self.blobs, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
