"""ARCHITECTURE.md: Qt stays in ui/, and the domain imports only the standard library."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "postloan_desktop"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def non_ui_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]]


def test_nothing_outside_ui_imports_pyside6() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in non_ui_modules()
        if any(m.split(".")[0] in ("PySide6", "shiboken6") for m in imported_modules(p))
    ]
    assert offenders == []


def test_domain_imports_only_the_standard_library() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        for module in imported_modules(path):
            top = module.split(".")[0]
            assert top in sys.stdlib_module_names or module.startswith("postloan_desktop.domain"), (
                f"{path.name} imports {module}"
            )


def test_importing_every_non_ui_module_loads_no_qt() -> None:
    modules = [
        ".".join(("postloan_desktop", *p.relative_to(PACKAGE).with_suffix("").parts))
        for p in non_ui_modules()
        if p.name not in ("__main__.py", "env.py") and "versions" not in p.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "assert not any(k.startswith('PySide6') for k in sys.modules), 'Qt loaded'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_ui_never_opens_an_orm_session() -> None:
    for path in (PACKAGE / "ui").rglob("*.py"):
        for module in imported_modules(path):
            assert not module.startswith(("sqlalchemy", "postloan_desktop.storage")), (
                f"ui/{path.name} imports {module}"
            )
