"""The package's shape: subpackages in layers, imports that run one way, modules a reader can
take in at once (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import rupak_lib

PACKAGE = Path(rupak_lib.__file__).parent

#: The layers, lowest first: a module may import from its own layer and those below it.
LAYERS = [
    ["rupak_lib.exceptions"],
    ["rupak_lib.data"],
    ["rupak_lib.analysis"],
    ["rupak_lib.charts"],
    ["rupak_lib.pages"],
    ["rupak_lib.curation"],
    ["rupak_lib.build"],
    ["rupak_lib.teaching"],
    ["rupak_lib", "rupak_lib.cli", "rupak_lib.__main__"],
]
TOP_LEVEL = {"__init__.py", "__main__.py", "cli.py", "exceptions.py"}
MAX_LINES = 450


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(path: Path, modules: set[str], root: Path = PACKAGE) -> set[str]:
    """The package's modules that ``path`` imports, inside functions too, type checking aside."""
    tree = ast.parse(path.read_text("utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom) or _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:
                    found.add(sub)
                elif target in modules:
                    found.add(target)
    found.discard(name)
    return found


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    paths = {module_name(p, root): p for p in root.rglob("*.py")}
    return {name: imports_of(path, set(paths), root) for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def layer(module: str) -> int:
    """The layer of a module: that of the subpackage or top-level module it is, or is in;
    -1 for a subpackage no layer names."""
    for i, names in enumerate(LAYERS):
        for name in names:
            if module == name or (name != "rupak_lib" and module.startswith(name + ".")):
                return i
    return -1


def against_the_layers(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{a} (layer {layer(a)}) imports {b} (layer {layer(b)})"
                  for a, targets in graph.items() for b in targets if layer(b) > layer(a))


# --- the rules, on the package -----------------------------------------------------------------

@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_the_package_has_no_import_cycle(graph: dict[str, set[str]]) -> None:
    assert cycles(graph) == []


def test_every_import_runs_down_the_layers(graph: dict[str, set[str]]) -> None:
    assert against_the_layers(graph) == []


def test_exceptions_import_nothing_of_the_package(graph: dict[str, set[str]]) -> None:
    assert graph["rupak_lib.exceptions"] == set()


def test_every_module_belongs_to_a_layer(graph: dict[str, set[str]]) -> None:
    assert [m for m in graph if layer(m) < 0] == []


def test_the_top_of_the_package_holds_only_its_face_and_its_command_line() -> None:
    assert {p.name for p in PACKAGE.glob("*.py")} == TOP_LEVEL


def test_no_module_is_longer_than_a_reader_takes_in_at_once() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}


# --- the checks themselves fail on what they guard against --------------------------------------

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "rupak_lib"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_an_import_inside_a_function_closes_a_cycle(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "__init__.py": "",
        "analysis/__init__.py": "",
        "analysis/a.py": "from rupak_lib.analysis import b\n",
        "analysis/b.py": "def f():\n    from . import a\n",
    })
    assert cycles(import_graph(root)) == [["rupak_lib.analysis.a", "rupak_lib.analysis.b"]]


def test_an_import_for_type_checking_only_is_no_edge(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "__init__.py": "",
        "data/__init__.py": "",
        "data/corpus.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                          "    from rupak_lib.build import run\n",
        "build/__init__.py": "",
        "build/run.py": "from rupak_lib.data import corpus\n",
    })
    graph = import_graph(root)
    assert graph["rupak_lib.data.corpus"] == set()
    assert cycles(graph) == [] and against_the_layers(graph) == []


def test_an_import_up_the_layers_is_named(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "__init__.py": "",
        "data/__init__.py": "",
        "data/load.py": "from ..charts.bars import x\n",
        "charts/__init__.py": "",
        "charts/bars.py": "x = 1\n",
    })
    assert against_the_layers(import_graph(root)) == [
        "rupak_lib.data.load (layer 1) imports rupak_lib.charts.bars (layer 3)"]


@pytest.mark.parametrize("module, expected", [
    ("rupak_lib.exceptions", 0), ("rupak_lib.data.validate.api", 1),
    ("rupak_lib.teaching.grade", 7), ("rupak_lib.cli", 8), ("rupak_lib", 8),
    ("rupak_lib.elsewhere.x", -1),
])
def test_a_module_takes_the_layer_of_the_subpackage_it_is_in(module: str, expected: int) -> None:
    assert layer(module) == expected
