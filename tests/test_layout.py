"""The package's shape: one import root, sub-packages that depend on each other without cycles,
and each shared text helper defined once; the top-level folders around it (demo/, eval/, benchmarks/)."""
import ast
from pathlib import Path

import summarizer

ROOT = Path(summarizer.__file__).parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = ("summarizer", *path.relative_to(ROOT).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, known: dict) -> set[str]:
    """Project modules that `path` imports anywhere (lazy imports inside functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return result


def _graphs():
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}

    def area(name):  # summarizer.pipeline.select -> summarizer.pipeline; summarizer.api stays
        return ".".join(name.split(".")[:2])

    areas: dict[str, set[str]] = {}
    for name, deps in graph.items():
        areas.setdefault(area(name), set()).update(area(d) for d in deps if area(d) != area(name))
    return graph, areas


def test_modules_and_subpackages_import_each_other_without_cycles():
    graph, areas = _graphs()
    assert _cycles(graph) == []
    assert _cycles(areas) == []


def test_runtime_code_does_not_import_training_evaluation_or_demo():
    _, areas = _graphs()
    runtime = ("summarizer.pipeline", "summarizer.engines", "summarizer.fusion", "summarizer.neutral", "summarizer.api")
    for name in runtime:
        assert not areas[name] & {"summarizer.training", "summarizer.evaluation", "summarizer.demo"}, name


def test_shared_text_helpers_are_defined_once():
    defined: dict[str, list[str]] = {}
    for name, path in _modules().items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                defined.setdefault(node.name, []).append(name)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        defined.setdefault(target.id, []).append(name)
    for helper in ("STOPWORDS", "numbers_in", "QUOTE_MARKS", "cut_to_words", "iter_json_lines",
                   "check_cluster", "check_regular_file", "read_clusters"):
        assert len(defined.get(helper, [])) == 1, (helper, defined.get(helper))
    assert defined["split_text"] == ["summarizer.pipeline.segment"]


REPO = ROOT.parent


def test_demo_folder_is_a_spaces_app_that_only_starts_the_package_demo():
    front = (REPO / "demo" / "README.md").read_text(encoding="utf-8").split("---\n")[1]
    header = dict(line.split(": ", 1) for line in front.splitlines() if ": " in line)
    assert header["sdk"] == "gradio" and header["app_file"] == "app.py" and header["title"]
    assert "mds-summarizer[demo]" in (REPO / "demo" / "requirements.txt").read_text(encoding="utf-8")
    tree = ast.parse((REPO / "demo" / header["app_file"]).read_text(encoding="utf-8"))
    assert not [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]  # no code of its own
    assert _imports_of(tree) <= {"sys", "summarizer.demo.app", "summarizer.demo.cli"}
    assert any(isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "demo" for t in n.targets) for n in tree.body)


def test_eval_holds_configs_and_scripts_and_benchmarks_holds_speed_and_stress():
    assert {p.suffix for p in (REPO / "eval").iterdir() if p.is_file()} <= {".toml", ".md"}
    for script in (REPO / "eval" / "scripts").glob("*.py"):   # studies built on the package, not copies of it
        imports = _imports_of(ast.parse(script.read_text(encoding="utf-8")))
        assert any(m.split(".")[0] == "summarizer" for m in imports), script
    speed = {p.name for p in (REPO / "benchmarks").glob("*.py")}
    assert speed == {"bench_seed.py", "bench_fusion.py", "bench_batch.py", "bench_fetch.py", "selection_speed.py",
                     "stress_demo.py", "hostile_inputs.py", "bench_judge.py", "bench_ct2_kernels.py", "bench_embed_batch.py",
                     "bench_ilp.py"}


def _imports_of(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found
