"""The module contract of ARCHITECTURE.md, checked on the source tree (AST, as Polar's custom
linters check theirs): queries only in `repository.py`, commits only at the edge, pages and APIs
that do not reach into each other, a `core` that knows no domain, no imports hidden inside
functions, no file over 600 lines and no formatter opt-out (`SKIP_MARK`).

`violations(root)` reads a tree and names every breach; the tests run it on `dondoc/` and, to
show the check can fail, on a small tree written for the purpose.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dondoc"
MAX_LINES = 600
# ruff's opt-out comment, spelled in two parts so that this file does not carry it
SKIP_MARK = "fmt" + ": skip"
QUERY_METHODS = {"execute", "scalars", "scalar", "query"}
# Where a query may be written: the repositories, the migrations, and the engine set-up itself.
QUERY_HOMES = ("repository.py",)
QUERY_EXEMPT_DIRS = ("migrations",)
QUERY_EXEMPT_FILES = ("core/db.py", "core/migrate.py")
COMMIT_HOMES = ("core/db.py",)
# The command line imports a command's modules when that command runs: `dondoc extract` (run once
# per document by the scorer and by scripts) then starts in 0.1 s, not the 2.7 s that importing
# SQLAlchemy, FastAPI, python-docx and openpyxl for every command costs. Nowhere else.
LAZY_IMPORT_HOMES = ("cli.py", "cli_exports.py")


@dataclass(frozen=True, order=True)
class Violation:
    path: str
    line: int
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}"


def _domains(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()} - {
        "core",
        "migrations",
    }


def _module_of(root: Path, path: Path) -> str:
    return ".".join((root.name, *path.relative_to(root).with_suffix("").parts))


def _is_query(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name) and func.id == "select":
        return True
    if isinstance(func, ast.Attribute):
        if func.attr in QUERY_METHODS:
            return True
        # session.get(Model, id): a primary-key query (dict.get has other receivers)
        receiver = func.value
        name = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", "")
        if func.attr == "get" and ("session" in name or name == "db") and len(node.args) == 2:
            return True
    return False


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement loads ("from dondoc.plans import service" loads
    dondoc.plans.service; "from dondoc.plans.service import x" loads dondoc.plans.service)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = node.module or ""
    if base.count(".") >= 2:
        return [base]
    return [base, *(f"{base}.{a.name}" for a in node.names)]


def violations(root: Path) -> list[Violation]:
    """Every breach of the contract in the package at `root`."""
    out: list[Violation] = []
    domains = _domains(root)
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if len(lines) > MAX_LINES:
            out.append(Violation(rel, len(lines), f"file has {len(lines)} lines (over {MAX_LINES})"))
        for n, line in enumerate(lines, 1):
            if SKIP_MARK in line:
                out.append(Violation(rel, n, "formatter opt-out comment"))
        tree = ast.parse(text, filename=str(path))
        parts = rel.split("/")
        domain = parts[0] if len(parts) > 1 else None
        in_migrations = parts[0] in QUERY_EXEMPT_DIRS
        may_query = path.name in QUERY_HOMES or in_migrations or rel in QUERY_EXEMPT_FILES
        may_commit = rel in COMMIT_HOMES or path.name == "jobs.py"
        is_edge = path.name in ("views.py", "api.py")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                if not may_query and _is_query(node):
                    out.append(Violation(rel, node.lineno, "query outside repository.py"))
                func = node.func
                if not may_commit and isinstance(func, ast.Attribute) and func.attr == "commit":
                    out.append(Violation(rel, node.lineno, "commit() outside core/db.py and jobs.py"))
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in _imported(node):
                    target = name.split(".")
                    if target[0] != root.name or len(target) < 2:
                        continue
                    other = target[1]
                    if domain == "core" and other in domains:
                        out.append(Violation(rel, node.lineno, f"core imports the domain {other}"))
                    if (
                        is_edge
                        and other in domains
                        and other != domain
                        and len(target) > 2
                        and target[2] in ("views", "api")
                    ):
                        out.append(Violation(rel, node.lineno, f"{path.name} imports {name}"))
        for func in ast.walk(tree):
            if rel in LAZY_IMPORT_HOMES:
                break
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(func):
                    if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
                        n.split(".")[0] == root.name for n in _imported(node)
                    ):
                        out.append(Violation(rel, node.lineno, "import of a dondoc module inside a function"))
    return sorted(set(out))


# Breaches still open, each with its reason; the list may only shrink (a fixed entry fails below).
# Empty today: the last one (`refuse()` committing the request's session) is closed, the refusal's
# audit row is written by the application's handler in a unit of work of its own.
STILL_OPEN: set[tuple[str, str]] = set()


def test_the_package_keeps_the_contract() -> None:
    found = [v for v in violations(PACKAGE) if (v.path, v.rule) not in STILL_OPEN]
    assert found == [], f"{len(found)} breaches of ARCHITECTURE.md:\n" + "\n".join(map(str, found))


def test_the_open_breaches_are_still_there() -> None:
    """An entry of STILL_OPEN that is fixed must leave the list."""
    found = {(v.path, v.rule) for v in violations(PACKAGE)}
    assert found >= STILL_OPEN, STILL_OPEN - found


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "dondoc"
    for folder in ("core", "plans", "reporting"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text('"""x"""\n')
    (root / "__init__.py").write_text('"""x"""\n')
    (root / "plans" / "repository.py").write_text(
        "from sqlalchemy import select\n\n\ndef plans(session):\n    return session.scalars(select(1)).all()\n"
    )
    (root / "plans" / "views.py").write_text("from dondoc.plans import repository\n")
    return root


def test_a_clean_tree_passes(tree: Path) -> None:
    assert violations(tree) == []


def test_the_check_fails_on_each_kind_of_breach(tree: Path) -> None:
    (tree / "plans" / "views.py").write_text(
        "from sqlalchemy import select\n"
        "from dondoc.reporting.views import page\n\n\n"
        "def show(session):\n"
        "    from dondoc.plans import repository\n\n"
        "    session.commit()\n"
        f"    return session.execute(select(1))  # {SKIP_MARK}\n"
    )
    (tree / "core" / "db.py").write_text("from dondoc.plans.models import Plan\n" + "x = 1\n" * 601)
    rules = {(v.path, v.rule) for v in violations(tree)}
    assert ("plans/views.py", "query outside repository.py") in rules
    assert ("plans/views.py", "commit() outside core/db.py and jobs.py") in rules
    assert ("plans/views.py", "views.py imports dondoc.reporting.views") in rules
    assert ("plans/views.py", "import of a dondoc module inside a function") in rules
    assert ("plans/views.py", "formatter opt-out comment") in rules
    assert ("core/db.py", "core imports the domain plans") in rules
    assert ("core/db.py", "file has 602 lines (over 600)") in rules
