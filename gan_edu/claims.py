"""Claims: bind what a lesson's prose says to what its code measures.

Every number a lesson's markdown states is *stated* again in a code cell of the same section, next to the
value the notebook computes, and checked two-sided; every sentence about a direction or a shape names
the phrase it relies on, and the code checks that phrase:

    claims.number("D(0) between the modes, k = 1", d_mid, stated=0.05, tol=0.03)
    claims.that("p_g moves left", mean_after < mean_before)

:func:`audit` reads a notebook without running it and fails when a number in the prose is stated by no
``claims.number`` of its section, or when a direction/shape sentence contains no phrase of a
``claims.that`` of its section; ``tests/test_prose_claims.py`` runs it on every lesson, and each lesson
calls it in its last cell. Running the notebook (nbval) then checks each claim against the measurement.
The rules, the excepted contexts (``EXCEPTED``) and the direction/shape words (``DIRECTIONS``,
``NOT_DIRECTIONS``) are listed once, below.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import validate

__all__ = ["ClaimError", "number", "that", "printed", "fisher_exact", "paired_test", "Comparison", "audit", "Audit", "Violation", "EXCEPTED", "DIRECTIONS", "NOT_DIRECTIONS"]


class ClaimError(AssertionError):
    """What the prose says is not what the notebook measured."""


def number(label: str, value, stated: float, tol: float) -> float:
    """Print ``value`` beside the ``stated`` number and check ``|value - stated| <= tol``; returns ``value``.

    ``tol`` comes from the measured spread (over seeds, or the rounding of ``stated``), not a wide margin: it must be
    finite, since an infinite tolerance accepts any value.
    """
    if not isinstance(label, str) or not label:
        raise ValueError(f"label must be a non-empty string (got {label!r})")
    stated = validate.in_range("stated", stated, -math.inf, math.inf)
    tol = validate.in_range("tol", tol, 0.0, math.inf)
    if not (math.isfinite(stated) and math.isfinite(tol)):
        raise ValueError(f"stated and tol must be finite, tol in [0, inf) (got stated={stated!r}, tol={tol!r}): "
                         "an infinite tolerance accepts any value")
    if isinstance(value, (bool, np.bool_, str, bytes)) or np.iscomplexobj(value):
        raise ValueError(f"value for {label!r} must be a real number (got {value!r})")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"value for {label!r} must be a real number (got {value!r})") from None
    _say(f"{' '.join(label.split())}: {value:.6g} (the text says {stated:g} ± {tol:g})")
    if not abs(value - stated) <= tol:  # also fails on NaN
        raise ClaimError(f"the text says {label} is {stated:g} ± {tol:g}, but this run measured {value:.6g}")
    return value


def that(phrase: str, condition) -> None:
    """Check that the sentence part ``phrase`` (quoted from the prose) holds here; prints it with a tick.

    ``condition`` must be a truth value: a bool, a numpy bool or a one-element boolean array or tensor. Anything else
    (a number such as NaN, the string 'False', a list) is refused, since ``bool()`` of it says nothing about the prose.
    """
    if not isinstance(phrase, str) or not phrase:
        raise ValueError(f"phrase must be a non-empty string quoted from the prose (got {phrase!r})")
    holds = _truth(condition)
    if holds is None:
        raise TypeError(f"condition for {phrase!r} must be a bool (a comparison's result), not {type(condition).__name__} "
                        f"{condition!r}")
    if not holds:
        raise ClaimError(f"the text says {phrase!r}, but it is false in this run")
    _say(f"✔ {' '.join(phrase.split())}")  # one line, however the phrase was wrapped


def _truth(condition) -> bool | None:
    """True or False for a bool-like ``condition`` (bool, numpy bool, 1-element bool array or tensor), else None."""
    if isinstance(condition, (bool, np.bool_)):
        return bool(condition)
    dtype = getattr(condition, "dtype", None)
    size = condition.numel() if hasattr(condition, "numel") else getattr(condition, "size", None)
    if dtype is not None and size == 1 and str(dtype) in {"bool", "torch.bool"}:
        return bool(condition)
    return None


@dataclass(frozen=True)
class Comparison:
    """Two settings compared over seeds: the test, the seeds in each setting and the two-sided p-value."""

    test: str
    seeds: int
    p: float

    @property
    def weak(self) -> bool:
        """True when p > 0.05: a sentence built on it must say the evidence is weak."""
        return self.p > 0.05

    def __str__(self) -> str:
        verdict = "weak evidence (p > 0.05)" if self.weak else "p <= 0.05"
        return f"{self.test}, {self.seeds} seeds per setting, two-sided p = {self.p:.3g}: {verdict}"


def fisher_exact(label: str, hits_a: int, hits_b: int, seeds: int) -> Comparison:
    """Compare how often something happened in two settings run over the same ``seeds`` (counts ``hits_a``, ``hits_b``
    of ``seeds`` each) with Fisher's exact test (``scipy.stats.fisher_exact``, two-sided); prints the comparison."""
    from scipy import stats

    seeds = validate.positive_int("seeds", seeds)
    hits_a, hits_b = (validate.positive_int(name, h, 0) for name, h in (("hits_a", hits_a), ("hits_b", hits_b)))
    if max(hits_a, hits_b) > seeds:
        raise ValueError(f"hits_a and hits_b must lie in [0, seeds = {seeds}] (got {hits_a}, {hits_b})")
    p = float(stats.fisher_exact([[hits_a, seeds - hits_a], [hits_b, seeds - hits_b]])[1])
    result = Comparison("Fisher's exact test", seeds, p)
    print(f"{label}: {hits_a} of {seeds} against {hits_b} of {seeds}; {result}")
    return result


def paired_test(label: str, a, b) -> Comparison:
    """Compare a measurement of two settings seed by seed (``a[i]`` and ``b[i]`` share seed i) with the paired t-test
    (``scipy.stats.ttest_rel``, two-sided); prints the two means and the comparison."""
    from scipy import stats

    a, b = validate.finite_array("a", a, ndim=1), validate.finite_array("b", b, ndim=1)
    if len(a) != len(b) or len(a) < 2:
        raise ValueError(f"a and b must hold one value per seed, the same seeds, at least 2 (got {len(a)} and {len(b)})")
    diff = a - b
    p = 1.0 if np.all(diff == diff[0]) and diff[0] == 0 else float(stats.ttest_rel(a, b).pvalue)
    result = Comparison("paired t-test", len(a), p)
    print(f"{label}: mean {a.mean():.4g} against {b.mean():.4g}; {result}")
    return result


class _Every(set):
    """Stands for "every line": under the CI switch the in-kernel audit lets every written claim bind."""

    def __contains__(self, line) -> bool:
        return True


_EVERY_CLAIM = _Every()
_PRINTED: list[str] = []  # every claim line this process printed, in order: what audit(..., ran=printed()) reads


def _say(line: str) -> None:
    _PRINTED.append(line)
    print(line)


def printed() -> list[str]:
    """The claim lines printed so far in this process (kernel): pass them to :func:`audit` as ``ran``."""
    return list(_PRINTED)


# ---------------------------------------------------------------------------------------------------------
# The audit: read a notebook's JSON (nothing is executed) and bind its prose to its claims.
#
# A *section* runs from a markdown heading of level 1 or 2 to the next such heading. In each section:
#   rule 1  every number in the markdown, outside LaTeX math, code and the EXCEPTED contexts below, equals
#           the ``stated=`` literal of a ``claims.number`` call in a code cell of that section (a number
#           right after "±" may instead equal a ``tol=`` literal);
#   rule 2  EXCEPTED lists the contexts whose numbers are not measurements (years, references, names ...);
#   rule 3  every sentence (headings aside) with a DIRECTION word outside NOT_DIRECTIONS and quotations
#           contains, case-insensitively, the phrase of a ``claims.that`` call of that section.
# Inside math only a number right after ≈ or = (a measured or stated value) is read as prose.
# A claim binds only if it ran: its printed line is in the section's stored outputs (or in ``ran``, the lines this
# kernel printed), so a claim that never runs (under ``if False:``, on another path of the lesson) binds nothing.
# ---------------------------------------------------------------------------------------------------------

# A number as prose writes it. Matches are separate numbers, so a range "0.87–0.89" and "1 of 5" give two.
NUMBER = re.compile(r"""
    (?:(?<![\w)\]}.,−-])(?P<sign>[-−]))?        # a minus (- or U+2212), unless glued to a word: 1-D, 0.87-0.89
    (?<![0-9.,])                                # not the tail of a longer number
    (?P<mantissa>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?   # 1,500 or 12,345.6 (thousands commas)
                |[0-9]+(?:\.[0-9]+)?                     # 13, 0.47
                |\.[0-9]+)                               # .5
    (?:[eE](?P<e>[-−+]?[0-9]+)                  # 1e-7
      |\^(?P<caret>[-−+]?[0-9]+)                # 10^-7 (outside math)
      |(?P<sup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?             # 10⁻⁷
    (?![0-9])
""", re.VERBOSE)

_YEAR = r"((?:19|20)[0-9]{2})[a-z]?"
_SP = r"[ \t]*\n?[ \t]*"  # spaces, at most one line break
_NUMLIST = rf"[0-9]+(?:\.[0-9]+)*[a-z]?(?:{_SP}(?:[–,-]|and|&|or|to){_SP}[0-9]+(?:\.[0-9]+)*[a-z]?)*"  # 1, 2 and 3
_REF_ONE = (r"Figure|Fig\.|Table|Section|Algorithm|Proposition|Prop\.|Theorem|Thm\.|Lemma|Corollary|Definition"
            r"|Example|Exercise|Check|Part|Appendix|Chapter|Equation|Eq\.|Lesson|Notes?|Page|p\.")
_REF_MANY = (r"Figures|Figs\.|Tables|Sections|Algorithms|Propositions|Theorems|Lemmas|Examples|Exercises|Checks"
             r"|Parts|Equations|Eqs\.|Lessons|Pages|pp\.|§§?")

# Rule 2: contexts whose numbers are not measurements. (category, pattern, why); a number inside a match is
# excepted under that category. Matched on the markdown with math and code masked; case-insensitive.
EXCEPTED = [
    ("years", rf"(?:et al\.?,?|NeurIPS|NIPS|ICML|ICLR|CVPR|AISTATS|JMLR|arXiv){_SP}\(?{_YEAR}",
     "a citation's year: Goodfellow et al. (2014), Nowozin et al. 2016, NeurIPS 2014"),
    ("years", rf"\({_YEAR}(?=\s*[),;])", "a year in parentheses: (2014), (2014, §3) -- not (2000 iterations)"),
    ("years", rf"(?-i:[A-Z][\w'-]+),?{_SP}{_YEAR}(?=[ \t]*[)\].,;:]|[ \t]*$)",
     "a surname and year ending a clause: Arjovsky & Bottou 2017."),
    ("references", rf"(?:{_REF_MANY}){_SP}\(?{_NUMLIST}",
     "a plural reference may list numbers: Figures 2 and 3, lessons 01–03, §§3–4"),
    ("references", rf"\b(?:{_REF_ONE}){_SP}\(?[0-9]+(?:\.[0-9]+)*[a-z]?\)?|§{_SP}[0-9]+(?:\.[0-9]+)*",
     "a singular reference takes one number: Figure 1, Table 1, Theorem 18.3, eq. (3), notes 001, §4, Check 2"),
    ("references", r"\[[^\]\n]*\](?=\(\s*[0-9]+_[^)\s]*\.ipynb)",
     "a link to a lesson, whose text is that lesson's number and title: [← 03 The global optimum](03_….ipynb)"),
    ("lesson numbers", r"^#[ \t]+[0-9]+", "the lesson's own number in its title: # 04 · Training in 1-D"),
    ("list markers", r"^[ \t]*[0-9]+[.)][ \t]", "an ordered list's item number: 1. … 2. …"),
    ("names", r"\b[0-9]+-?D\b", "dimensions as names: 1-D, 2-D, 3D"),
    ("names", r"[A-Za-z_]+[0-9][0-9A-Za-z_]*", "letters glued to digits: R1, L2, x0, float32, conv2d"),
    ("names", r"\b[A-Z][A-Za-z]*-[0-9]+\b", "a capitalised name with a number: CIFAR-10, ResNet-18"),
    ("names", r"\b[0-9]+\s*[×x]\s*[0-9]+(?=[\s-]+(?:box\s+)?(?:conv|kernel|filter|max-?pool|pool))",
     "a kernel size in an architecture: 3×3 convolutions, 4x4 kernels, a 3 × 3 box filter"),
    ("names", r"\b[0-9]+\.[0-9]+\.[0-9]+\b", "a version: torch 2.13.0"),
    ("quotations", r"“[^“”]*”|«[^«»]*»|\"(?:[^\"\n]|\n(?![ \t]*\n))*\"",
     "quoted text (a slip of the notes, a sentence of the paper) is not the lesson's own claim"),
]
EXCEPTED = [(category, re.compile(pattern, re.IGNORECASE | re.MULTILINE), why) for category, pattern, why in EXCEPTED]

# Rule 3: words that say where something moves or what shape it has (with their inflections). (pattern, example)
DIRECTIONS = [
    (r"left(?:wards?)?|right(?:wards?)?", "p_g moves left"),
    (r"up(?:wards?)?|down(?:wards?)?", "the curve bends up"),
    (r"higher|lower|larger|smaller|above|below|towards?", "D is higher near the data"),
    (r"ris(?:e|es|ing|en)|rose|fall(?:s|ing|en)?|fell", "the JSD falls to 0"),
    (r"increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)", "the loss decreases"),
    (r"grow(?:s|ing|n)?|grew|shrink(?:s|ing)?|shr[au]nk", "the gradient shrinks"),
    (r"valleys?|peak(?:s|ed|ing)?|plateau(?:s|x|ed|ing)?|flat(?:ter|test|tens?|tened|tening)?", "a valley of low D"),
    (r"saturat(?:e|es|ed|ion)", "log(1 - D) saturates ('saturating' alone names a loss)"),
    (r"vanish(?:es|ed|ing)?|collaps(?:e|es|ed|ing)", "the gradient vanishes"),
    (r"covers?|covered|covering|seeks?|seeking|sought", "KL covers both modes"),
    (r"spiral(?:s|led|ling|ed|ing)?|oscillat(?:e|es|ed|ing)", "the iterates spiral out"),
    (r"converg(?:e|es|ed|ing)|diverg(?:e|es|ed|ing)", "the iterates converge ('divergence' is a noun)"),
]
DIRECTION = re.compile(r"\b(?:" + "|".join(p for p, _ in DIRECTIONS) + r")\b", re.IGNORECASE)

# Rule 3's exceptions: fixed layout and idioms in which a direction word describes no measurement. (pattern, why)
NOT_DIRECTIONS = [
    (r"\b(?:left|right|top|bottom|upper|lower|middle)(?:-hand)?\s+(?:panels?|columns?|rows?|axis|axes|plots?"
     r"|subplots?|images?|side of the figure)\b", "layout: the left panel, the lower axis"),
    (r"\b(?:cells?|checks?|code|figures?|plots?|panels?|tables?|box|list|outputs?|widgets?|sliders?|formulas?"
     r"|equations?|exercises?|sections?|examples?|runs?|functions?|lines?)\s+(?:above|below)\b",
     "where on the page: the cell below, the figure above"),
    (r"\b(?:see|seen|shown|as|run|defined|computed|printed|listed|plotted|drawn|described|written|given|derived)"
     r"\s+(?:above|below)\b", "where on the page: as shown above, run below"),
    (r"^\W*(?:below|above)\s*[,:]|\b(?:below|above)\s*:",
     "where on the page: 'Below, a process trains…', 'as follows below:'"),
    (r"\bup to\b|\bset[ -]?up\b|\blook up\b|\bshow(?:s|n|ed|ing)? up\b|\bwrit(?:e|es|ten) down\b",
     "idioms: up to noise, set up, shows up, write down"),
    (r"\b(?:lower|upper) bounds?\b|\b(?:higher|lower)-(?:order|dimensional)\b", "names: a lower bound"),
    (r"\b(?:is|are|was|were|be|been|gets?|got)\s+left\b|\bleft\s+(?:over|out|unchanged|alone|as is)\b",
     "'left' as the past of 'leave'"),
    (r"\bright(?:\s+(?:answer|one|away|now)|-hand side)\b|\b(?:is|are|get it|all)\s+right\b", "'right' as 'correct'"),
]
NOT_DIRECTION = re.compile("|".join(p for p, _ in NOT_DIRECTIONS), re.IGNORECASE)

# What is not prose. Masked (replaced by spaces, newlines kept) before numbers and directions are read.
NOT_PROSE = re.compile(r"""
    ^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$        # fenced code block
   |(`+).+?\2                                   # `code span`
   |\$\$.+?\$\$                                 # $$display math$$
   |\\begin\{(\w+\*?)\}.+?\\end\{\3\}           # \begin{align} ... \end{align}
   |\\\[.+?\\\]|\\\(.+?\\\)                     # \[ ... \] and \( ... \)
   |(?<!\\)\$(?:[^$\\]|\\.)+?\$                 # $inline math$
   |</?[A-Za-z][^<>]*>                          # an HTML tag
""", re.VERBOSE | re.DOTALL | re.MULTILINE)
LINK_TARGET = re.compile(r"(?<=\])\([^)\n]*\)")  # a link's target, (03_x.ipynb) in [text](03_x.ipynb): not prose
# In math, a number after ≈ is read as prose ("≈ 0.216"), and so is one that is the whole right-hand side of = ("$k = 5$",
# "$\mathrm{JSD} = 0.69$,"), unless it is 0 or 1 (identities and indices: $f(1) = 0$, $D^* = 1$); a coefficient is not
# ("$\theta_k = 0.7k$", "$= 2\,\mathrm{JSD}$").
VALUE_IN_MATH = re.compile(r"""(?:\\approx|≈)\s*\{?\s*(?=[-−]?[0-9.])
    |(?<![<>!:\\])=\s*(?=(?![-−]?[01](?![0-9.]))[-−]?[0-9.][0-9.,]*(?:\\[,;!]|\s|\\%)*(?:\$|\\\)|,|;|\\quad|\\text))""",
                           re.VERBOSE)
HEADING = re.compile(r"^#{1,2}[ \t]", re.MULTILINE)  # level 1 or 2: starts a section
# A ". " after one of these does not end a sentence (e.g., i.e., et al., eq., Fig., vs., cf., p., Prop., Thm.).
ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|et al|eqs?|figs?|vs|cf|approx|resp|p|pp|prop|thm)\.$", re.IGNORECASE)
# Sentences end at a blank line, before a list item or a heading, and after . ! ? followed by white space.
SENTENCE_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+]|[0-9]+[.)]|#+)[ \t])|(?<=[.!?])\s+")
# Rule 1 also asks that a number's sentence and its claim's label share a word, so that a number binds to the claim
# about the same thing ("0 of 5 are -inf" to the claim labelled "-inf", not to one labelled "test images").
LABEL_WORD = re.compile(r"[a-z][a-z0-9]*")
STOP_WORDS = frozenset("a an the of in on at to is are be and or for by with as from it its this that than per".split())
PHRASE_MARKUP = re.compile(r"[$`*]|\\[,;:! ]")  # dropped before a phrase is looked up in a sentence
LATEX_WORDS = {"approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "to": "→", "times": "×"}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")


@dataclass
class Violation:
    """A sentence of cell ``cell`` (in section ``section``) whose ``missing`` claim the section does not make."""

    rule: int  # 1: a number no claims.number states; 3: a direction no claims.that phrase covers; 0: unreadable code
    cell: int
    section: str
    sentence: str
    missing: str

    def __str__(self) -> str:
        return f"cell {self.cell} (section {self.section!r}): {self.missing}\n    in: {self.sentence}"


@dataclass
class Audit:
    """What :func:`audit` read in one notebook's prose."""

    path: str
    numbers: int = 0  # numbers read as prose (not excepted)
    excepted: Counter = field(default_factory=Counter)  # category -> numbers excepted
    not_read: int = 0  # numbers inside math, code and link targets
    directions: int = 0  # sentences with a direction/shape word
    violations: list[Violation] = field(default_factory=list)

    def summary(self) -> str:
        unbound_numbers = sum(v.rule == 1 for v in self.violations)
        unbound_sentences = sum(v.rule == 3 for v in self.violations)
        excepted = ", ".join(_count(n, category) for category, n in sorted(self.excepted.items()))
        return (f"this lesson's prose states {_count(self.numbers, 'numbers')}, "
                + (f"{unbound_numbers} of them bound to no claims.number" if unbound_numbers else
                   "each bound to a claims.number")
                + f"; {sum(self.excepted.values())} excepted ({excepted or 'none'}); "
                + f"{_count(self.directions, 'direction/shape sentences')}, "
                + (f"{unbound_sentences} of them without a claims.that phrase" if unbound_sentences else
                   "each containing a claims.that phrase")
                + f"; {_count(self.not_read, 'more numbers')} in math, code or links, not read")


def _count(n: int, plural: str) -> str:
    """"1 year", "2 years", "1 list marker": the last word of ``plural`` loses its s when n == 1."""
    return f"{n} {plural[:-1] if n == 1 and plural.endswith('s') else plural}"


def audit(notebook_path, ran: list[str] | None = None) -> Audit:
    """Check, without running it, that the notebook's prose is bound to its claims (rules 1-3 above).

    Only claims that ran bind: by default (``ran=None``) those whose printed line is in the stored outputs of their
    section; ``ran=[lines]`` binds those that printed one of ``lines``. A lesson's last cell passes ``ran="this kernel"``:
    the lines this kernel printed (:func:`printed`) in the classroom setting; under the CI switch, whose short runs skip
    the classroom-only claims (and whose student copies hold no outputs), every written claim binds: there the guarantee
    that each ran is the classroom outputs', checked by tests/test_prose_claims.py on the stamped lessons. Prints :meth:`Audit.summary`; raises :class:`ClaimError` listing the violations (``error.audit`` holds
    the :class:`Audit`), or returns the :class:`Audit` when there are none.
    """
    path = Path(notebook_path)
    if path.suffix != ".ipynb" or not path.is_file():
        raise ValueError(f"notebook_path must be an existing .ipynb file (got {str(notebook_path)!r})")
    if isinstance(ran, str) and ran == "this kernel":
        from . import settings  # here, not at import: claims stays free of torch for the static audit

        ran = _EVERY_CLAIM if settings.fast_mode() else printed()
    if ran is not None and ran is not _EVERY_CLAIM and not (isinstance(ran, (list, tuple, set))
                                                            and all(isinstance(x, str) for x in ran)):
        raise TypeError(f"ran must be None, 'this kernel' or a list of printed claim lines (got {ran!r:.60})")
    result = Audit(str(path))
    for section in _sections(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        if ran is _EVERY_CLAIM:
            section.printed = _EVERY_CLAIM
        elif ran is not None:
            section.printed = {line.rstrip() for line in ran}
        _audit_section(section, result)
    print(result.summary())
    if result.violations:
        error = ClaimError(f"{path.name}: {len(result.violations)} sentence(s) not bound to a claim:\n"
                           + "\n".join(str(v) for v in result.violations))
        error.audit = result
        raise error
    return result


@dataclass
class _Section:
    title: str
    prose: list[tuple[int, str]] = field(default_factory=list)  # (cell index, markdown)
    code: list[tuple[int, str]] = field(default_factory=list)  # (cell index, source)
    printed: set[str] = field(default_factory=set)  # lines its code cells' stored outputs printed to stdout


def _sections(cells: list[dict]) -> list[_Section]:
    """Cut the notebook at level-1/2 headings (a markdown cell may hold several sections)."""
    sections = [_Section("(before the first heading)")]
    for i, cell in enumerate(cells):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "code":
            sections[-1].code.append((i, source))
            sections[-1].printed |= {line.rstrip() for out in cell.get("outputs", []) if out.get("name") == "stdout"
                                     for line in "".join(out.get("text", "")).splitlines()}
        elif cell.get("cell_type") == "markdown":
            starts = [m.start() for m in HEADING.finditer(_mask(source, NOT_PROSE))]
            bounds = sorted({0, *starts})
            for start, end in zip(bounds, bounds[1:] + [len(source)]):
                part = source[start:end]
                if start in starts:
                    sections.append(_Section(part.splitlines()[0].lstrip("# ").strip()))
                if part.strip():
                    sections[-1].prose.append((i, part))
    return sections


def _mask(text: str, pattern: re.Pattern) -> str:
    """``text`` with every match of ``pattern`` blanked to spaces (newlines kept, so positions still agree)."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def _prose_view(text: str) -> tuple[str, str]:
    """(text without math and code, text without math, code and link targets); a number after ≈ in math stays."""
    kept = list(_mask(text, NOT_PROSE))
    for math in NOT_PROSE.finditer(text):
        if not math.group().startswith(("$", "\\")):
            continue  # code and HTML, not math
        for approx in VALUE_IN_MATH.finditer(math.group()):
            number = NUMBER.match(math.group(), approx.end())
            if number:
                start = math.start() + number.start()
                kept[start:start + len(number.group())] = number.group()
    no_math = "".join(kept)
    return no_math, _mask(no_math, LINK_TARGET)


@dataclass
class _Claims:
    stated: list[tuple[float, str]] = field(default_factory=list)  # (stated= literal, label) of claims.number
    tols: list[tuple[float, str]] = field(default_factory=list)  # (tol= literal, label): a number after ± may equal it
    phrases: list[str] = field(default_factory=list)  # phrases of claims.that
    not_ran: list[str] = field(default_factory=list)  # claims written in the section that printed nothing: they bind nothing


def _claims_of(section: _Section, result: Audit) -> _Claims:
    """The literal arguments of the section's ``claims.number`` and ``claims.that`` calls (found with ``ast``)."""
    found = _Claims()
    for cell, source in section.code:
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError as e:
            why = f"the code cell does not parse ({e.msg}, line {e.lineno}), so its claims cannot be read"
            result.violations.append(Violation(0, cell, section.title, "", why))
            continue
        for call in ast.walk(tree):
            kind = _claim_kind(call)
            if kind == "number":
                node = _argument(call, 0, "label")
                label, stated = _label_text(node), _literal_numbers(_argument(call, 2, "stated"))
                if stated and not _number_ran(_label_parts(node), stated[0], section.printed):
                    found.not_ran.append(f"claims.number({label!r}, stated={stated[0]:g})")
                    continue
                found.stated += [(v, label) for v in stated]
                found.tols += [(v, label) for v in _literal_numbers(_argument(call, 3, "tol"))]
            elif kind == "that":
                phrase = _argument(call, 0, "phrase")
                if isinstance(phrase, ast.Constant) and isinstance(phrase.value, str) and _plain(phrase.value):
                    if f"✔ {' '.join(phrase.value.split())}" not in section.printed:
                        found.not_ran.append(f"claims.that({phrase.value!r})")
                        continue
                    found.phrases.append(_plain(phrase.value))
    return found


def _claim_kind(node: ast.AST) -> str | None:
    """"number" or "that" for a call ``claims.number(...)`` / ``claims.that(...)`` (or ``gan_edu.claims.…``)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("number", "that")):
        return None
    owner = node.func.value
    name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else None
    return node.func.attr if name == "claims" else None


def _argument(call: ast.Call, position: int, keyword: str) -> ast.AST | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def _label_text(node: ast.AST | None) -> str:
    """A label's literal text; of an f-string, its literal parts (f"D at x = {x}" -> "D at x = ")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return ""


PRINTED_NUMBER = re.compile(r"^(?P<label>.+): (?P<value>\S+) \(the text says (?P<stated>\S+) ± (?P<tol>\S+)\)$")


def _label_parts(node: ast.AST | None) -> list[str]:
    """The literal pieces of a label: ["D(0)"] for "D(0)", ["D at x = ", ""] for f"D at x = {x}"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return []


def _number_ran(parts: list[str], stated: float, printed: set[str]) -> bool:
    """Whether a printed line ``label: value (the text says stated ± tol)`` matches the call's label and stated=."""
    if printed is _EVERY_CLAIM:
        return True
    for line in printed:
        m = PRINTED_NUMBER.match(line)
        if m and m["stated"] == f"{stated:g}" and all(" ".join(part.split()) in m["label"] for part in parts):
            return True
    return False


def _literal_numbers(node: ast.AST | None) -> list[float]:
    """``[value]`` if ``node`` is a literal int or float (``-0.899``, ``1e-7``, ``1_500``), else ``[]``."""
    try:
        value = ast.literal_eval(node) if node is not None else None
    except ValueError:
        return []
    return [float(value)] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


@dataclass
class _Prose:
    """One markdown part, its masked views, its excepted spans and its sentences (positions agree in all)."""

    section: str
    cell: int
    text: str  # as written
    prose: str  # math (but a number after ≈), code and link targets blanked
    spans: list[tuple[int, int, str]]  # (start, end, category) of each EXCEPTED match
    sentences: list[tuple[int, int]]

    @classmethod
    def read(cls, section: str, cell: int, text: str) -> "_Prose":
        excepted_view, prose = _prose_view(text)
        spans = [(m.start(), m.end(), category) for category, pattern, _ in EXCEPTED
                 for m in pattern.finditer(excepted_view)]
        return cls(section, cell, text, prose, spans, _sentences(prose))

    def category(self, start: int, end: int) -> str | None:
        return next((c for s, e, c in self.spans if s <= start and end <= e), None)


def _audit_section(section: _Section, result: Audit) -> None:
    claims_here = _claims_of(section, result)
    for cell, text in section.prose:
        part = _Prose.read(section.title, cell, text)
        result.not_read += max(0, len(NUMBER.findall(text)) - len(NUMBER.findall(part.prose)))
        _check_numbers(part, claims_here, result)
        _check_directions(part, claims_here, result)


def _check_numbers(part: _Prose, claims_here: _Claims, result: Audit) -> None:
    """Rule 1: each number outside the excepted contexts is the stated= (or, after ±, the tol=) of a claim here."""
    for number in NUMBER.finditer(part.prose):
        category = part.category(number.start(), number.end())
        if category:
            result.excepted[category] += 1
            continue
        result.numbers += 1
        sentence = _sentence_at(part.text, part.sentences, number.start())
        same_value = _same_value(number, part.prose, claims_here)
        if not any(_label_words(label) & _words(sentence) for label in same_value):
            result.violations.append(Violation(1, part.cell, part.section, sentence,
                                               _missing_number(number.group(), same_value, claims_here)))


def _value(number: re.Match) -> float:
    """The float a NUMBER match writes: thousands commas dropped, 1e-7, 10^-7 and 10⁻⁷ read, − or - applied."""
    value = float(number["mantissa"].replace(",", ""))
    if number["e"]:
        value = float(f"{number['mantissa'].replace(',', '')}e{number['e'].replace('−', '-')}")
    power = number["caret"] or (number["sup"] or "").translate(_SUPERSCRIPTS)
    if power:
        value = value ** int(power.replace("−", "-"))
    return -value if number["sign"] else value


def _same_value(number: re.Match, prose: str, claims_here: _Claims) -> list[str]:
    """Labels of the section's claims.number whose stated= (or, right after ±, tol=) equals the number."""
    value = _value(number)
    after_pm = prose[:number.start()].rstrip().endswith(("±", "+/-"))
    candidates = claims_here.stated + (claims_here.tols if after_pm else [])
    return [label for v, label in candidates if math.isclose(value, v, rel_tol=1e-9, abs_tol=1e-12)]


def _words(text: str) -> set[str]:
    """Lower-case words of ``text`` (a letter, then letters, digits), plural s dropped: "Test images" -> test, image."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in LABEL_WORD.findall(_plain(text))}


def _label_words(label: str) -> set[str]:
    """The words of a claim's label that name something (STOP_WORDS dropped, unless nothing else is left)."""
    words = _words(label)
    return (words - STOP_WORDS) or words


def _missing_number(written: str, same_value: list[str], claims_here: _Claims) -> str:
    if same_value:
        labels = ", ".join(repr(label) for label in same_value[:4])
        return (f"the number {written} is the stated= of claims.number {labels}, but the sentence shares no word with "
                f"that label: state it under a label that names what this sentence says")
    stated = ", ".join(f"{v:g}" for v, _ in claims_here.stated[:10]) or "none"
    idle = f"; written but never run (no printed line): {', '.join(claims_here.not_ran[:4])}" if claims_here.not_ran else ""
    return (f"the number {written} is the stated= literal of no claims.number that ran in this section "
            f"(stated here: {stated}{idle})")


def _sentences(prose: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: paragraphs, list items and headings, cut after . ! ? (not after e.g., eq. ...)."""
    cuts, start = [], 0
    for brk in SENTENCE_BREAK.finditer(prose):
        if ABBREVIATIONS.search(prose[start:brk.start()]):
            continue
        cuts.append((start, brk.start()))
        start = brk.end()
    cuts.append((start, len(prose)))
    return [(s, e) for s, e in cuts if prose[s:e].strip()]


def _sentence_at(text: str, sentences: list[tuple[int, int]], position: int) -> str:
    start, end = next(((s, e) for s, e in sentences if s <= position <= e), (position, position + 1))
    return " ".join(text[start:end].split())


def _check_directions(part: _Prose, claims_here: _Claims, result: Audit) -> None:
    """Rule 3: a sentence (not a heading) with a direction word outside layout, idioms and excepted contexts
    contains the phrase of a claims.that here."""
    for start, end in part.sentences:
        sentence, prose = part.text[start:end], part.prose[start:end]
        if sentence.lstrip().startswith("#"):
            continue  # a heading names a topic
        layout = [(m.start(), m.end()) for m in NOT_DIRECTION.finditer(prose)]
        words = [m.group() for m in DIRECTION.finditer(prose) if not any(s <= m.start() < e for s, e in layout)
                 and not part.category(start + m.start(), start + m.end())]
        if not words:
            continue
        result.directions += 1
        if not any(phrase in _plain(sentence) for phrase in claims_here.phrases):
            quoted = "; ".join(repr(p) for p in claims_here.phrases[:6]) or "none"
            if claims_here.not_ran:
                quoted += f"; written but never run: {', '.join(claims_here.not_ran[:4])}"
            result.violations.append(Violation(3, part.cell, part.section, " ".join(sentence.split()), (
                f"says {', '.join(repr(w) for w in words)} but contains no phrase of a claims.that in this section "
                f"(phrases here: {quoted})")))


def _plain(text: str) -> str:
    """Lower-case ``text`` without $, `, * and LaTeX spacing; \\text{x} -> x, \\approx -> ≈; spaces collapsed."""
    text = re.sub(r"\\(?:text|mathrm|mathbf|mathit|mathcal|operatorname)\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\(" + "|".join(LATEX_WORDS) + r")(?![A-Za-z])", lambda m: LATEX_WORDS[m[1]], text)
    text = PHRASE_MARKUP.sub(lambda m: "" if m.group() in "$`*" else " ", text)
    return " ".join(text.replace("−", "-").split()).lower()
