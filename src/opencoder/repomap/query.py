"""What the task text asks about: search terms, code-looking symbols, mentioned paths.

Bug reports carry much that is not about the code: template comments, package
listings, environment reports, hundreds of lint rows, the user's own example classes.
Those are dropped or weighed down; the title's words weigh most."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from opencoder.repomap.lexical import IDENTIFIER, TermSplitter

_DOTTED = re.compile(r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_PATHISH = re.compile(r"[\w.\-/\\]+\.[A-Za-z]{1,5}\b")
_CALLED = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
_BACKTICKED = re.compile(r"`([^`\n]{1,80})`")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)  # issue-template boilerplate
_URL = re.compile(r"\bhttps?://\S+")
# `pip list` / `conda list` rows: a package name, a version, maybe a location; and the
# `name: version` rows of `show_versions()`-style environment reports.
_LISTING_ROW = re.compile(
    r"^[ \t]*[A-Za-z][\w.\-\[\]]*(?:[ \t]+v?\d+(?:\.\w+)+\S*(?:[ \t]+\S+){0,2}"
    r"|[ \t]*:[ \t]+(?:None|v?\d[\w.+\-]*)(?:[ \t].*)?)[ \t]*$"
)
# Tool output rows (`path:12:0: C0103: message`, `path:12: error: ...`): the first few
# say what went wrong; hundreds more only repeat it about the user's own files.
_OUTPUT_ROW = re.compile(r"^[ \t]*\S+?:\d+(?::\d+)?:[ \t]")
OUTPUT_ROWS_KEPT = 3
# A test runner's session header and banners (`platform linux -- Python 3.9`, `rootdir: /home/...`,
# `==== test session starts ====`) describe the reporter's machine, not the fault.
_SESSION_ROW = re.compile(
    r"^[ \t]*(?:platform \S+ -- Python\b.*|(?:rootdir|plugins|cachedir|configfile|inifile|testpaths)[ \t]*:.*"
    r"|hypothesis profile .*->.*|collect(?:ed|ing) \d+ items?.*|[=_-]{3,}(?:[ \t].*[ \t][=_-]{3,})?)[ \t]*$"
)
_IMPORT_LINE = re.compile(r"(?m)^[ \t]*(?:>>> |In \[\d+\]: )?(?:from[ \t]+\S+[ \t]+import\b|import[ \t]).*$")
_USER_DEFINITION = [
    re.compile(r"\b(?:class|def|function|func|fn)[ \t]+([A-Za-z_]\w*)"),
    re.compile(r"(?m)^[ \t]*(?:>>> |\.\.\. )?([A-Za-z_]\w*)[ \t]*=[^=]"),
    re.compile(r"\bself\.([A-Za-z_]\w*)[ \t]*=[^=]"),
    # annotated class attributes (`    width: int`)
    re.compile(r"(?m)^[ \t]+([A-Za-z_]\w*)[ \t]*:[ \t]*[A-Za-z_][\w\[\], .|]*(?:=[^=\n].*)?$"),
]
USER_NAME_WEIGHT = 0.3
PROSE_GAIN = 0.8
# The title says what the task is about in a few words; the body adds detail and noise.
TITLE_BOOST = 2.0
TITLE_FACTOR = 1.5
SUBWORD_SHARE = 0.5
_STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does doing for from had has have how i if in
    into is it its just me my no not of on or our should so some such than that the their them then there
    these they this those to too up us was we were what when where which while who why will with would
    you your also get got use used using want wants like same one two any all more most very only other
    way example expected actual output result results issue bug error problem work works working
    file line self none true false return returns def class import print""".split()
    # English function words and the verbs, adverbs and adjectives of any bug report: they
    # match comments and docstrings everywhere and say nothing about where the code is.
    + """about above again against already although always am among another anyone anything anyway around
    away because behind being below besides beyond cannot certain certainly clearly currently despite
    during either else enough especially even ever everything exactly except few following further
    furthermore going gone hello here hence however instead itself later latter least let lets likely
    may maybe meanwhile might mine much must myself neither never nevertheless nobody nor nothing now
    nowhere often once ones onto others otherwise ought ourselves per perhaps please possible possibly
    probably quite rather really regardless regarding seem seemed seems several shall she simply since
    somehow someone something sometimes somewhat somewhere soon still sure thanks thank therefore thing
    things though through throughout thus together toward towards unless until upon whatever whenever
    whereas whether whole whom whose within without yet yourself able actually apparently appear appears
    behavior behaviour believe bit describe does doesn don didn isn wasn aren won easy fine good great
    guess hi idea know lot noticed obviously ok okay probably proposal reason related reproduce
    reproduced suggest tell think tried try trying understand unexpected wanted well went whatever
    wondering wrong yes""".split()
)


@dataclass
class TaskQuery:
    terms: dict[str, float] = field(default_factory=dict)  # lowercase search term -> weight
    symbols: dict[str, float] = field(default_factory=dict)  # exact identifier -> weight
    path_hints: list[str] = field(default_factory=list)  # path-like strings and dotted modules as paths


def _looks_like_symbol(word: str) -> bool:
    if "_" in word.strip("_") or word.startswith("_"):
        return True
    # Internal capitals (CamelCase, mixedCase, HTTPServer) rather than a capitalised word.
    return any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)


def analyse(texts: list[str], known: Callable[[str], bool] | None = None) -> TaskQuery:
    """`known` tells whether the repository uses an identifier; it keeps a name the
    task's example assigns (`autodoc_typehints = ...` in a config) from being taken
    for one of the user's own."""
    query = TaskQuery()
    splitter = TermSplitter()
    title_terms: set[str] = set()
    for raw in texts:
        text = _without_noise(raw)
        title = _title(text)
        called = set(_CALLED.findall(text))
        quoted = {w for chunk in _BACKTICKED.findall(text) for w in IDENTIFIER.findall(chunk)}
        dotted_parts: set[str] = set()
        # The example's imports name the API it uses (`from sympy.abc import x`), not
        # where the fault is; tracebacks and prose name modules worth reading.
        imports = {m for line in _IMPORT_LINE.findall(text) for m in _DOTTED.findall(line)}
        for dotted in _DOTTED.findall(text):
            parts = dotted.split(".")
            if all(len(p) > 1 for p in parts):
                dotted_parts.update(parts)
                if dotted not in imports:
                    query.path_hints.append("/".join(parts))
        for pathish in _PATHISH.findall(text):
            query.path_hints.append(pathish.replace("\\", "/"))
        in_title = set(IDENTIFIER.findall(title))
        title_terms.update(t for w in in_title for t in splitter.terms(w))
        users = _user_names(text)
        prose = _URL.sub(" ", text)
        for word in IDENTIFIER.findall(prose):
            if not word.strip("_0123456789"):
                continue  # rules drawn with underscores (`_____ test_x _____`), not names
            lowered = word.lower()
            shaped = _looks_like_symbol(word)
            codey = shaped or word in called or word in quoted or word in dotted_parts
            if lowered in _STOPWORDS and not codey:
                continue
            # A plain word that is only called or quoted is often library API used by the
            # example (`symbols(...)`, `print(...)`), weaker evidence than a shaped name.
            weight = 1.0 if shaped else 0.6 if codey else 0.35
            # Names the example defines (class Point, self.width = ...) are the user's,
            # not the repository's, unless the repository uses a name shaped like code.
            own = word in users and not (shaped and known is not None and known(word))
            scale = USER_NAME_WEIGHT if own else 1.0
            weight *= scale
            query.symbols[word] = max(query.symbols.get(word, 0.0), weight)
            terms = splitter.terms(word)
            # The parts of a long name share its evidence: `autodoc_typehints_description_target`
            # is about one thing, not four.
            share = SUBWORD_SHARE / max(1, len(terms) - 1) ** 0.5
            for i, term in enumerate(terms):
                if term in _STOPWORDS or len(term) < 2:
                    continue
                # Repeats raise a term's weight, with diminishing returns.
                boost = TITLE_BOOST if word in in_title else 0.0
                gain = ((1.0 if codey else PROSE_GAIN) + boost) * scale
                query.terms[term] = query.terms.get(term, 0.0) + (gain if i == 0 else gain * share)
            in_title.discard(word)
        for compound, in_title_too in _compounds(prose, title):
            query.terms[compound] = max(query.terms.get(compound, 0.0), COMPOUND_GAIN * (2.0 if in_title_too else 1.0))
            if in_title_too:
                title_terms.add(compound)
    query.terms = {t: min(w, 4.0) ** 0.5 * (TITLE_FACTOR if t in title_terms else 1.0) for t, w in query.terms.items()}
    query.path_hints = sorted(set(query.path_hints))
    return query


COMPOUND_GAIN = 1.0


def _compounds(text: str, title: str) -> list[tuple[str, bool]]:
    """Two plain words in a row may name one identifier: "positional only" is
    POSITIONAL_ONLY, "ignore paths" is ignore_paths. Both spellings are searched;
    a file that has neither simply does not match. `text` comes without its URLs."""
    title_pairs = _word_pairs(title)
    found: dict[str, bool] = {}
    for first, second in _word_pairs(text):
        if first in _STOPWORDS and second in _STOPWORDS:
            continue
        in_title = (first, second) in title_pairs
        for joined in (f"{first}_{second}", first + second):
            found[joined] = found.get(joined, False) or in_title
    return sorted(found.items())


def _word_pairs(text: str) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    # A hyphen joins words the way an underscore does (`--ignore-paths`, `type-hints`).
    for run in re.split(r"[^A-Za-z \t\-]+", text):
        words = [w.lower() for w in re.split(r"[ \t\-]+", run) if len(w) > 1]
        pairs.update((a, b) for a, b in pairwise(words) if a != b)
    return pairs


def _without_noise(text: str) -> str:
    """Drop template comments and package listings: long, and about the user's machine."""
    text = _HTML_COMMENT.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = _without_environment_sections(text.split("\n"))
    listing = [bool(_LISTING_ROW.match(line)) for line in lines]
    kept = []
    output_rows = 0
    for i, line in enumerate(lines):
        run = listing[max(0, i - 2) : i + 3]
        # Three listing rows in a row are a listing; one alone may be prose.
        if listing[i] and (sum(run) >= 3):
            continue
        if _SESSION_ROW.match(line):
            continue
        if _OUTPUT_ROW.match(line):
            output_rows += 1
            if output_rows > OUTPUT_ROWS_KEPT:
                continue
        kept.append(line)
    return "\n".join(kept)


_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*(.+?)[ \t#]*|\*\*([^*]{2,60})\*\*[ \t]*:?)[ \t]*$")
_ENVIRONMENT_HEADING = re.compile(
    r"\b(?:os|operating system|platform|environment|versions?|system details|extensions|extra tools|"
    r"dependencies|installed|show_versions|screenshots?|your project|mvce confirmation)\b",
    re.I,
)


ENVIRONMENT_HEADING_WORDS = 4


def _without_environment_sections(lines: list[str]) -> list[str]:
    """Issue templates end with sections about the reporter's machine (OS, versions,
    installed extensions); their names match files that have nothing to do with the bug."""
    kept = []
    skipping = False
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            title = heading.group(1) or heading.group(2) or ""
            # Short headings only: "Bug on Windows OS when the path is long" starts the report.
            skipping = len(title.split()) <= ENVIRONMENT_HEADING_WORDS and bool(_ENVIRONMENT_HEADING.search(title))
        if not skipping:
            kept.append(line)
    return kept


def _user_names(text: str) -> set[str]:
    return {name for pattern in _USER_DEFINITION for name in pattern.findall(text)}


def _title(text: str) -> str:
    lines = [line for line in text.strip().split("\n") if line.strip()]
    return lines[0] if len(lines) > 1 else ""


def mentioned_files(hints: list[str], files: list[str]) -> dict[str, float]:
    """Files a hint names: a path suffix ("core/mul.py", "/site-packages/x/y.py"), or a
    dotted module ("sympy.core.mul" -> sympy/core/mul.py or sympy/core/mul/__init__.py)."""
    # Indexed by last component only; suffixes are checked for the few candidates.
    by_last: dict[str, list[tuple[str, str]]] = {}  # last part -> (suffix-matchable form, path)
    for path in files:
        stem = path.rsplit(".", 1)[0]
        if stem.endswith("/__init__"):
            stem = stem[: -len("/__init__")]
        for base in (path, stem) if stem != path else (path,):
            by_last.setdefault(base.rsplit("/", 1)[-1], []).append(("/" + base, path))

    def lookup(suffix: str) -> set[str]:
        last = suffix.rsplit("/", 1)[-1]
        wanted = "/" + suffix
        return {path for form, path in by_last.get(last, ()) if form.endswith(wanted)}

    found: dict[str, float] = {}
    for hint in hints:
        parts = [p for p in hint.strip("/").split("/") if p not in ("", ".", "..")]
        best: tuple[int, set[str]] | None = None
        # Dotted hints may end in class/function names (drop up to two trailing parts);
        # absolute paths start outside the workspace (drop leading parts).
        for drop_tail in range(min(3, len(parts))):
            head = parts[: len(parts) - drop_tail]
            for start in range(len(head)):
                length = len(head) - start
                if length < 2 and "." not in head[-1]:
                    break  # one bare word is too weak to name a file
                hits = lookup("/".join(head[start:]))
                if hits:
                    best = (length, hits)
                    break
            if best:
                break
        if best:
            length, hits = best
            weight = min(1.0, 0.4 + 0.3 * length) / len(hits) ** 0.5
            for path in hits:
                found[path] = max(found.get(path, 0.0), weight)
    return found
