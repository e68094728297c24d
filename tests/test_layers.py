"""The tree's rules, checked on every module: the core never imports telegram, the pure parts touch no clock,
no database and no network, and every package says in its docstring what lives there."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = sorted((ROOT / "bot" / "core").rglob("*.py")) + sorted((ROOT / "scheduler").rglob("*.py"))
PURE = [path for path in CORE if path.parent.name in ("triage", "checkins", "scheduler", "markup", "conversation")
        or path.parent.name == "routines" and path.name != "pictures.py"]  # pictures.py: the drawings' disk cache
PACKAGES = sorted(path.parent for path in (ROOT / "bot").rglob("__init__.py")) + [ROOT / "scheduler"]


def imported(path: Path) -> set[str]:
    """The top-level names a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and node.module and node.level == 0}


@pytest.mark.parametrize("path", CORE, ids=[str(p.relative_to(ROOT)) for p in CORE])
def test_the_core_never_imports_telegram(path):
    assert "telegram" not in imported(path)


@pytest.mark.parametrize("path", PURE, ids=[str(p.relative_to(ROOT)) for p in PURE])
def test_pure_modules_touch_no_clock_database_or_network(path):
    assert not imported(path) & {"sqlite3", "sqlite_utils", "time", "os", "aiohttp", "httpx", "telegram"}
    source = path.read_text(encoding="utf-8")
    assert "date.today" not in source and "datetime.now" not in source


@pytest.mark.parametrize("package", PACKAGES, ids=[str(p.relative_to(ROOT)) for p in PACKAGES])
def test_every_package_says_what_lives_there(package):
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{package} has no docstring"


def test_only_storage_writes_sql():
    outside = [path for path in sorted((ROOT / "bot").rglob("*.py"))
               if "storage" not in path.parts and "emulator" not in path.parts
               and (".execute(" in path.read_text(encoding="utf-8") or imported(path) & {"sqlite3", "sqlite_utils"})]
    assert outside == []


def test_every_callback_prefix_is_defined_once_in_callbacks_py():
    from bot.tg.keyboards import callbacks

    prefixes = {name: value for name, value in vars(callbacks).items() if name.isupper() and isinstance(value, str)}
    assert len(set(prefixes.values())) == len(prefixes)
    for name, value in prefixes.items():
        others = [v for n, v in prefixes.items() if n != name and v.endswith(":")]
        assert not any(value.startswith(other) for other in others), f"{name} is read as another prefix"
    elsewhere = [str(path) for path in sorted((ROOT / "bot" / "tg").rglob("*.py")) if path.name != "callbacks.py"
                 and any(isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("_BUTTON")
                                                                 for t in node.targets)
                         for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))]
    assert elsewhere == []


def test_the_categories_are_defined_once():
    defined = [str(path) for path in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "scheduler").rglob("*.py")])
               if '("posture", "hydration", "stretching")' in path.read_text(encoding="utf-8")]
    assert defined == [str(ROOT / "scheduler" / "settings.py")]
