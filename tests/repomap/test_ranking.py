"""What the task text is allowed to say about where the fix lives: its title and prose,
not the package listings and tool output pasted under it."""

from __future__ import annotations

from pathlib import Path

from opencoder.repomap import build_repo_map
from opencoder.repomap.query import analyse
from opencoder.repomap.ranking import language_weights, path_weight

from .conftest import write_tree

_PACKAGES = [
    ("fixturegen", "1.2.0"),
    ("requestlib", "2.31.0"),
    ("nodeinfo", "0.4.1"),
    ("collectorkit", "3.0.0"),
    ("sessionmgr", "1.0.7"),
]
# As pasted from a Windows browser: CRLF line ends, padded columns.
PIP_LIST = "\r\n".join(
    ["```", "$ pip list", "Package        Version    Location", "-------------- ---------- --------"]
    + [f"{name:<14} {version:<10}" for name, version in _PACKAGES]
    + ["```"]
)


def test_package_listings_and_template_comments_leave_the_query() -> None:
    text = "xfail marker ignored when added dynamically\r\n<!-- Thanks for submitting an issue! -->\r\n" + PIP_LIST
    query = analyse([text])
    assert "xfail" in query.terms
    for noise in ("fixturegen", "requestlib", "sessionmgr", "thanks", "submitting"):
        assert noise not in query.terms


def test_environment_reports_leave_the_query() -> None:
    report = "INSTALLED VERSIONS\n------------------\ncommit: None\npython: 3.10.8 (main, Oct 13 2022)\n"
    report += "".join(
        f"{name}: {version}\n"
        for name, version in [("netCDF4", "1.6.1"), ("pydap", "None"), ("bottleneck", "None"), ("cftime", "1.6.2")]
    )
    query = analyse(["stack casts int32 coordinates to int64\n\n### Environment\n\n" + report])
    assert "stack" in query.terms
    assert {"pydap", "bottleneck", "cftime", "netcdf4"}.isdisjoint(query.terms)


def test_sections_about_the_reporters_machine_leave_the_query() -> None:
    text = (
        "Inherited classes not documented when mocked\n\n### Describe the bug\n\nBases show `torch.nn.`\n\n"
        "### Sphinx extensions\n\n[\"sphinx.ext.ifconfig\", \"sphinx.ext.viewcode\"]\n\n"
        "**Environment info**\n- OS: Mac\n- Extra tools: graphviz\n\n### Additional context\n\ntorch breaks\n"
    )
    query = analyse([text])
    assert {"mocked", "bases", "torch"} <= query.terms.keys()
    assert {"ifconfig", "viewcode", "graphviz", "mac"}.isdisjoint(query.terms)
    assert "sphinx/ext/ifconfig" not in query.path_hints


def test_a_test_runners_session_header_leaves_the_query() -> None:
    header = (
        "===== test session starts =====\nplatform darwin -- Python 3.7.6, pytest-6.0.0, pluggy-0.13.0\n"
        "rootdir: /Users/someone/sandbox\nplugins: xdist-1.29.0, hypothesis-4.36.2\ncollected 1 item\n"
    )
    failure = "_______ test_xfail_dynamic _______\n\n>       assert 0\nE   see ______ above\n"
    query = analyse(["xfail added in the test is ignored\n\n" + header + "test_foo.py F\n" + failure])
    assert "xfail" in query.terms
    assert {"darwin", "rootdir", "plugins", "sandbox", "session", "xdist", "dynamic"}.isdisjoint(query.terms)
    assert all(name.strip("_") for name in query.symbols)  # underscore rules are not names


def test_one_listing_like_line_in_prose_is_kept() -> None:
    query = analyse(["Upgrading\n\nnumpy 1.26.0 breaks the resampler"])
    assert "numpy" in query.terms and "resampler" in query.terms


def test_only_the_first_tool_output_rows_count() -> None:
    rows = [f"src/gen/about.py:{n}:0: C0103: Attribute name doesn't conform (invalid-name)" for n in range(40)]
    rows[0] = "src/app.py:3:0: W0611: Unused import abc (unused-import)"
    title = "unused-import false positive\n\n"
    query = analyse([title + "\n".join(rows)])
    assert "unused" in query.terms
    assert query.terms == analyse([title + "\n".join(rows[:3])]).terms


def test_title_words_outweigh_the_same_words_in_the_body() -> None:
    query = analyse(["Recursive mode ignores settings\n\nThe walker and the parser both run."])
    assert query.terms["recursive"] > query.terms["walker"]


def test_a_word_repeated_all_through_the_body_does_not_outweigh_the_titles_words() -> None:
    body = "\n".join(f"The static folder {n} is copied by the builder." for n in range(12))
    query = analyse(["Typehints ignored for autoclass\n\n" + body])
    assert query.terms["typehints"] > query.terms["static"]
    assert query.terms["autoclass"] > query.terms["builder"]


def test_the_title_and_prose_beat_a_pasted_listing(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "runner/skipping.py": "def evaluate_xfail_marks(item):\n    return item.get('xfail')\n\n"
            "def xfail_applies(item):\n    return evaluate_xfail_marks(item)\n",
            # Uses every word of the listing, many times over.
            "runner/fixtures.py": "\n".join(
                f"def load_{name}():\n    {name} = {name}_version = '{version}'\n    return {name}\n"
                for name, version in _PACKAGES
            ),
            "runner/nodes.py": "class Node:\n    def add_marker(self, mark):\n        self.marks.append(mark)\n",
        },
    )
    text = "Dynamically adding xfail marker no longer ignores failure\r\n\r\n" + PIP_LIST
    files = [p for p, _ in build_repo_map(tmp_path, focus=text, tokens=600).files]
    assert files[0] == "runner/skipping.py"
    assert files.index("runner/fixtures.py") > files.index("runner/nodes.py")


def test_copied_libraries_with_a_release_in_the_name_count_as_vendored() -> None:
    assert path_weight("docs/theme/static/jquery-3.5.1.js") < path_weight("pkg/typehints.py")
    assert path_weight("pkg/static/underscore-1.13.1.js") == path_weight("vendor/x.js")
    assert path_weight("astro/cextern/cfitsio/zlib.h") == path_weight("vendor/x.js")
    assert path_weight("pkg/v2/handlers.py") == 1.0  # a version folder is not a release file name


def test_a_language_the_repository_barely_uses_weighs_less_unless_the_task_names_it() -> None:
    paths = [f"pkg/m{i}.py" for i in range(20)] + ["pkg/static/search.js"]
    weights = language_weights(paths, [])
    assert weights["python"] == 1.0 and weights["javascript"] < 1.0
    assert language_weights(paths, ["pkg/static/search.js"])["javascript"] == 1.0


def test_bundled_javascript_does_not_outrank_the_python_it_ships_with(tmp_path: Path) -> None:
    tree = {f"docsgen/mod{i}.py": f"def helper_{i}():\n    return {i}\n" for i in range(12)}
    tree["docsgen/domains.py"] = "def parse_annotation(text):\n    return text.split('|')\n"
    # The search script repeats the task's words more often than the fix does.
    tree["docsgen/themes/search.js"] = (
        "function parse_annotation(annotation) {\n"
        + "  annotation = annotation.union(annotation, types);\n" * 30
        + "}\nfunction support_union_types(types) { return parse_annotation(types); }\n"
    )
    write_tree(tmp_path, tree)
    text = "Support union types in parse_annotation\n\nA `|` between types should make a union annotation."
    files = [p for p, _ in build_repo_map(tmp_path, focus=text, tokens=600).files]
    assert files[0] == "docsgen/domains.py"


def test_a_file_named_for_the_task_in_its_definitions_beats_one_that_only_uses_the_words(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docsgen/typehints.py": "def record_typehints(app, obj):\n    return obj\n\n"
            "def merge_typehints(app, domain, contentnode):\n    return contentnode\n",
            # Says "typehints" and "description" far more often, in a bigger file.
            "docsgen/builder.py": "def run_build(app):\n"
            + "    app.config.typehints_description = app.description or app.typehints\n" * 40,
            **{f"docsgen/other{i}.py": f"def step_{i}(app):\n    return app\n" for i in range(10)},
        },
    )
    text = "typehints in the description are merged twice\n\nWith typehints set to description, fields repeat."
    files = [p for p, _ in build_repo_map(tmp_path, focus=text, tokens=600).files]
    assert files[0] == "docsgen/typehints.py"


USER_EXAMPLE = """Cross-references don't work in property's type annotations

A documented type in a property's annotation is not cross-referenced:

```py
class Square:
    width: int
    height: int

    @property
    def end(self) -> Point:
        return Point(self.start.x + self.width, self.start.y + self.height)
```
"""


def test_names_the_example_defines_are_the_users_not_the_repositorys() -> None:
    query = analyse([USER_EXAMPLE])
    assert query.symbols["Square"] < query.symbols["property"]
    assert query.terms["width"] < query.terms["annotations"]
    # A name shaped like code that the repository uses is kept at full weight, even
    # where the example assigns it (a config value in conf.py).
    config = "autodoc_typehints ignored\n\n```py\nautodoc_typehints = 'description'\n```"
    assert analyse([config], known=lambda name: name == "autodoc_typehints").symbols["autodoc_typehints"] == 1.0
    assert analyse([config]).symbols["autodoc_typehints"] < 1.0


def test_the_users_example_does_not_pull_in_files_that_share_its_names(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docsgen/domains/python.py": "class PyProperty:\n    def handle_signature(self, sig):\n"
            "        annotation = parse_annotation(sig)\n        return cross_reference(annotation)\n",
            "docsgen/writers/latex.py": "def visit_figure(node):\n"
            + "    width = node.width\n    height = node.height\n    start = node.start\n    end = node.end\n" * 8,
            **{f"docsgen/util/u{i}.py": f"def util_{i}():\n    return {i}\n" for i in range(10)},
        },
    )
    files = [p for p, _ in build_repo_map(tmp_path, focus=USER_EXAMPLE, tokens=600).files]
    assert files[0] == "docsgen/domains/python.py"


def test_english_filler_words_are_not_search_terms() -> None:
    query = analyse(["Even though the latter variable exists, it cannot be resolved because of scoping"])
    assert {"even", "latter", "cannot", "because", "though"}.isdisjoint(query.terms)
    assert {"variable", "resolved", "scoping"} <= query.terms.keys()


def test_the_examples_imports_are_not_taken_for_files_the_task_names() -> None:
    text = "Subs is parenthesized wrongly\n\n```\n>>> from sympy.abc import x\n>>> import sympy.printing\n```\n"
    text += "The fault looks to be in sympy.printing.latex, see also sympy/core/function.py."
    hints = analyse([text]).path_hints
    assert "sympy/abc" not in hints
    assert {"sympy/printing/latex", "sympy/core/function.py"} <= set(hints)


def test_two_words_in_a_row_find_the_identifier_they_spell(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "docsgen/inspect.py": "def render_default(param):\n"
            "    if param.kind == param.POSITIONAL_ONLY:\n        return param.default\n",
            # Has every word of the title, but never two of them as one name.
            "docsgen/cli.py": "def parse(positional, value, default=None, only=False):\n"
            "    return positional or value or default or only\n",
            **{f"docsgen/other{i}.py": f"def step_{i}(app):\n    return app\n" for i in range(10)},
        },
    )
    text = "The default value for positional only argument has vanished\n\nThe default value is not shown."
    assert "positional_only" in analyse([text]).terms
    files = [p for p, _ in build_repo_map(tmp_path, focus=text, tokens=600).files]
    assert files[0] == "docsgen/inspect.py"


def test_two_words_in_a_row_find_the_folder_and_file_they_name(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pkg/printing/latex.py": "def emit(expr):\n    return expr\n",
            # The same two words in its path, but not as a folder and a file in a row;
            # it would win the tie on its name.
            "pkg/latex/printing_helpers.py": "def emit(expr):\n    return expr\n",
            **{f"pkg/other{i}.py": f"def step_{i}(app):\n    return app\n" for i in range(10)},
        },
    )
    text = "Wrong parentheses around Subs\n\nLaTeX printing of 3*Subs(-x + y) drops the brackets."
    files = [p for p, _ in build_repo_map(tmp_path, focus=text, tokens=600).files]
    assert files[:2] == ["pkg/printing/latex.py", "pkg/latex/printing_helpers.py"]


def test_a_camel_case_file_name_answers_its_words(tmp_path: Path) -> None:
    body = "class {0} {{\n    void run() {{}}\n}}\n"
    write_tree(
        tmp_path,
        {
            "src/Alpha.java": body.format("Alpha"),  # would win the tie on its name
            "src/WidgetFactory.java": body.format("Thing"),
            **{f"src/Other{i}.java": body.format(f"Other{i}") for i in range(10)},
        },
    )
    files = [p for p, _ in build_repo_map(tmp_path, focus="The factory leaks memory\n\nIt grows.", tokens=600).files]
    assert files[0] == "src/WidgetFactory.java"


def test_prose_that_starts_like_a_session_header_or_a_long_heading_stays() -> None:
    text = (
        "Cache misses on Windows\n\n## Crash on Windows OS when the cache path is long\n\n"
        "Plugins are loaded twice by the resolver.\nUsing the memoizer breaks eviction.\n"
    )
    query = analyse([text])
    assert {"resolver", "memoizer", "eviction"} <= query.terms.keys()
