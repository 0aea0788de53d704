from __future__ import annotations

from pathlib import Path

from opencoder.repomap import build_repo_map
from opencoder.repomap.relevance import DefinitionRelevance
from opencoder.repomap.tags import extract_tags

from .conftest import write_tree

SHAPES = """\
class Polygon:
    "A closed shape with straight sides."

    def area(self):
        return 0

    def perimeter(self):
        total = 0
        for side in self.edges:
            total += round(side, self.tolerance)
        return total


def describe(shape):
    return "tolerance"
"""


def test_a_methods_own_lines_count_for_it_not_for_its_class() -> None:
    tags = extract_tags("python", SHAPES.encode(), references=False)
    relevance = DefinitionRelevance({"tolerance": 1.0, "round": 0.5, "straight": 0.25})
    by_line = relevance.of(SHAPES, tags)
    assert by_line == {1: 0.25, 7: 1.0, 14: 1.0}  # Polygon's docstring, perimeter, describe; area: none
    assert DefinitionRelevance({}).of(SHAPES, tags) == {}


def _ledger_module(methods: int) -> str:
    lines = ["class Ledger:"]
    for i in range(methods):
        lines += [f"    def entry_{i:02d}(self, value):", f"        return value + {i}", ""]
    lines += ["    def settle(self, value):", "        return round(value, self.rounding_precision)", ""]
    return "\n".join(lines)


def test_the_definition_that_uses_the_tasks_words_is_shown_first(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ledger.py": _ledger_module(30), "report.py": "def render_report(rows):\n    return rows\n"})
    built = build_repo_map(tmp_path, focus="the ledger ignores rounding precision", tokens=30, cache_dir=tmp_path / "c")
    assert "def settle(self, value):" in built.text
    assert "entry_00" not in built.text  # thirty look-alike methods stay elided


def test_the_best_files_are_named_even_when_the_first_could_fill_the_budget(tmp_path: Path) -> None:
    many = "\n".join(f"def checksum_variant_{i}(data):\n    return checksum(data) + {i}\n" for i in range(60))
    files = {"checksums.py": "def checksum(data):\n    return sum(data)\n" + many}
    for i in range(12):
        files[f"io/reader_{i}.py"] = (
            f"from checksums import checksum\n\ndef read_{i}(data):\n    return checksum(data)\n"
        )
    write_tree(tmp_path, files)
    built = build_repo_map(tmp_path, focus="checksum checksum_variant_1 is wrong", tokens=300, cache_dir=tmp_path / "c")
    shown = [path for path, _ in built.files]
    assert shown[0] == "checksums.py"
    assert len(shown) >= 10  # the ten best, though the first alone could fill the budget
