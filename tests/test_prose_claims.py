"""The prose of every lesson is bound to its claims (gan_edu.claims.audit), and the audit catches what it should.

The first test reads each lesson in notebooks/ without running it: every number in its markdown must be the
``stated=`` of a ``claims.number`` of its section, every direction/shape sentence must contain a
``claims.that`` phrase of its section. The others build small notebooks with nbformat and check each rule,
each excepted context, and the three false sentences of issue 13, re-introduced into honest sections.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from gan_edu import claims

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_prose_number_and_direction_of_the_lesson_is_bound_to_a_claim(path):
    claims.audit(path)  # raises ClaimError listing each unbound sentence


# ---- helpers: a notebook from (kind, source) pairs, and its violations ----------------------------------------

def notebook(tmp_path, *cells, name="09_demo.ipynb") -> Path:
    make = {"md": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    path = tmp_path / name
    nbformat.write(nbformat.v4.new_notebook(cells=[make[kind](source) for kind, source in cells]), path)
    return path


def every_claim_ran(path) -> list[str]:
    """The lines the notebook's literal claims would print if each ran (the rules on prose, apart from whether they ran)."""
    lines = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse("\n".join(l for l in cell.source.splitlines() if not l.lstrip().startswith(("%", "!"))))
        except SyntaxError:
            continue
        for call in ast.walk(tree):
            kind = claims._claim_kind(call)
            if kind == "number":
                label = "X".join(claims._label_parts(claims._argument(call, 0, "label")))
                stated = claims._literal_numbers(claims._argument(call, 2, "stated"))
                lines += [f"{label}: 0 (the text says {v:g} ± 0)" for v in stated]
            elif kind == "that":
                phrase = claims._argument(call, 0, "phrase")
                lines += [f"✔ {' '.join(phrase.value.split())}"] if isinstance(phrase, ast.Constant) else []
    return lines


def audited(path, ran="every claim") -> tuple[claims.Audit, list[claims.Violation]]:
    """Audit ``path``; by default as if each claim ran, ``ran=None`` reads the stored outputs as the test does."""
    try:
        return claims.audit(path, ran=every_claim_ran(path) if ran == "every claim" else ran), []
    except claims.ClaimError as error:
        return error.audit, error.audit.violations


def section(prose, code=""):
    return [("md", "## A section\n\n" + prose), ("code", code)]


# ---- rule 1: numbers --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("prose, stated, label", [
    ("We train for 1,500 iterations.", "1500", "iterations"),
    ("D is 0.47 there.", "0.47", "D at the valley"),
    ("The gradient is −0.899 there.", "-0.899", "gradient"),
    ("The gradient is -0.899 there.", "-0.899", "gradient"),
    ("About 13 % of the samples are off.", "13", "% of samples off the modes"),
    ("It is 2.5× faster.", "2.5", "speed-up (times faster)"),
    ("The step is 1e-7.", "1e-7", "step size"),
    ("The step is 10^-7.", "1e-7", "step size"),
    ("The step is 10⁻⁷.", "1e-7", "step size"),
    ("We use 5,000 samples.", "5_000", "samples"),
])
def test_a_number_binds_to_the_stated_literal_of_its_section(tmp_path, prose, stated, label):
    bound = notebook(tmp_path, *section(prose, f'claims.number("{label}", x, stated={stated}, tol=0)'))
    assert audited(bound)[1] == [] and audited(bound)[0].numbers == 1
    unbound = notebook(tmp_path, *section(prose, f'claims.number("{label}", x, stated=3.25, tol=0)'), name="other.ipynb")
    (violation,) = audited(unbound)[1]
    assert "stated= literal of no claims.number" in violation.missing and violation.cell == 0


def test_the_sign_matters(tmp_path):
    path = notebook(tmp_path, *section("The gradient is 0.899 there.", 'claims.number("gradient", g, stated=-0.899, tol=0)'))
    assert len(audited(path)[1]) == 1


@pytest.mark.parametrize("prose, values", [
    ("D lies in 0.87–0.89 over seeds.", (0.87, 0.89)),
    ("D lies in 0.87-0.89 over seeds.", (0.87, 0.89)),
    ("D is high for 1 of 5 seeds.", (1, 5)),
    ("D is 0.47 ± 0.02 over 5 seeds.", (0.47, 5)),  # the number after ± binds to the tol=
])
def test_ranges_and_counts_are_two_numbers(tmp_path, prose, values):
    first, second = values
    both = f'claims.number("D", a, stated={first}, tol=0.02)\nclaims.number("of seeds", b, stated={second}, tol=0)'
    assert audited(notebook(tmp_path, *section(prose, both)))[1] == []
    one = notebook(tmp_path, *section(prose, f'claims.number("D", a, stated={first}, tol=0.02)'), name="one.ipynb")
    (violation,) = audited(one)[1]
    assert f"the number {second}" in violation.missing or f"the number {float(second):g}" in violation.missing


def test_a_number_binds_only_to_a_claim_whose_label_shares_a_word_with_its_sentence(tmp_path):
    prose = "The literal formula returns nan for 4 of 5 test images."
    code = 'claims.number("NaN results", n_nan, stated=4, tol=0)\nclaims.number("test images", n, stated=5, tol=0)'
    assert audited(notebook(tmp_path, *section(prose, code)))[1] == []
    other = notebook(tmp_path, *section(prose + " Most exp are 0.", code + '\nclaims.number("-inf", n_inf, stated=0, tol=0)'),
                     name="other.ipynb")
    (violation,) = audited(other)[1]
    assert violation.sentence == "Most exp are 0." and "shares no word with that label" in violation.missing


@pytest.mark.parametrize("label", ['f"D at x = {x}"', '"of"', '"the D"'])
def test_f_string_labels_and_labels_of_stop_words(tmp_path, label):
    path = notebook(tmp_path, *section("D is 0.47 at the valley, 1 of 5 seeds.",
                                       f'claims.number({label}, d, stated=0.47, tol=0)\n'
                                       'claims.number("of", n, stated=1, tol=0)\nclaims.number("of", m, stated=5, tol=0)'
                                       '\nclaims.that("valley", True)'))
    assert audited(path)[1] == []


def test_a_claim_binds_only_in_its_own_section(tmp_path):
    path = notebook(tmp_path, ("md", "## First\n\nD is 0.47."), ("code", 'claims.number("D", d, stated=0.47, tol=0.01)'),
                    ("md", "## Summary\n\nD is 0.47."))
    (violation,) = audited(path)[1]
    assert violation.cell == 2


def test_a_heading_inside_a_cell_starts_a_section_but_not_inside_a_code_block(tmp_path):
    split = notebook(tmp_path, ("md", "## One\n\nD is 0.47.\n\n## Two\n\nD is 0.47."),
                     ("code", 'claims.number("D", d, stated=0.47, tol=0.01)'))
    assert len(audited(split)[1]) == 1  # the claim sits in section Two; section One's 0.47 is unbound
    fenced = notebook(tmp_path, ("md", "## One\n\nD is 0.47.\n```bash\n# not a heading\n```"),
                      ("code", 'claims.number("D", d, stated=0.47, tol=0.01)'), name="fenced.ipynb")
    assert audited(fenced)[1] == []


def test_math_code_and_link_targets_are_not_read_but_a_number_after_approx_or_equals_is(tmp_path):
    prose = ("The constant is $\\log 2 = 0.693$, see `lr = 0.1` and [the bench](bench_2.md); "
             "in math $\\mathrm{JSD} \\approx 0.216$ is a measurement, $e^{0.5}$ is not.")
    audit, found = audited(notebook(tmp_path, *section(prose)))
    assert [v.missing.split()[2] for v in found] == ["0.693", "0.216"]
    assert audit.not_read >= 3


def test_stated_must_be_a_literal(tmp_path):
    path = notebook(tmp_path, *section("D is 0.47.", 's = 0.47\nclaims.number("D", d, stated=s, tol=0.01)'))
    assert len(audited(path)[1]) == 1


def test_a_code_cell_that_does_not_parse_is_a_violation(tmp_path):
    (violation,) = audited(notebook(tmp_path, *section("No numbers here.", "claims.number(")))[1]
    assert "does not parse" in violation.missing


def test_magics_and_positional_arguments(tmp_path):
    code = '%matplotlib widget\nfrom gan_edu import claims\nclaims.number("D", d, 0.47, 0.01)'
    assert audited(notebook(tmp_path, *section("D is 0.47.", code)))[1] == []


# ---- rule 2: the excepted contexts ------------------------------------------------------------------------------

@pytest.mark.parametrize("prose, category", [
    ("Goodfellow et al. (2014) define the game.", "years"),
    ("As in Nowozin et al. 2016, we bound it.", "years"),
    ("The bound of Arjovsky & Bottou 2017.", "years"),
    ("It appeared at NeurIPS 2014 first.", "years"),
    ("This is Figure 1 of the paper.", "references"),
    ("Table 1 lists them.", "references"),
    ("Theorem 18.3 needs capacity.", "references"),
    ("By eq. (3) it holds.", "references"),
    ("See §4 of the paper.", "references"),
    ("Algorithm 1 alternates.", "references"),
    ("Proposition 2 is about convergence.", "references"),
    ("Example 18.4 of the notes.", "references"),
    ("Exercise 2 asks it.", "references"),
    ("Section 3 derives it.", "references"),
    ("## Check 2: Monte Carlo", "references"),
    ("The notes 001 say so.", "references"),
    ("Lessons 01–03 worked with densities.", "references"),
    ("Figures 2 and 3 show samples.", "references"),
    ("[← 03 The global optimum](03_global_optimum_and_jsd.ipynb)", "references"),
    ("In 1-D and 2-D it differs.", "names"),
    ("The R1 penalty helps.", "names"),
    ("Unlike CIFAR-10, MNIST is small.", "names"),
    ("Use 3×3 convolutions.", "names"),
    ("It needs torch 2.13.0 here.", "names"),
    ("1. **First item** of a list.", "list markers"),
    ('The notes say "the loss is 3 nats".', "quotations"),
    ("The notes say «the loss is 3 nats».", "quotations"),
])
def test_each_excepted_context(tmp_path, prose, category):
    audit, found = audited(notebook(tmp_path, *section(prose)))
    assert found == [] and audit.numbers == 0 and audit.excepted[category] >= 1


def test_the_lessons_own_number_in_its_title(tmp_path):
    audit, found = audited(notebook(tmp_path, ("md", "# 09 · Measuring a GAN\n\nNo claims.")))
    assert found == [] and audit.excepted == {"lesson numbers": 1}


@pytest.mark.parametrize("prose", [
    "We use 2000 iterations (2000 steps).",     # a bare 2000 is not a year
    "Figure 1 and 300 samples.",               # a singular reference takes one number
    "The noise of 5 seeds, not R1.",
])
def test_an_exception_does_not_swallow_a_measurement(tmp_path, prose):
    assert audited(notebook(tmp_path, *section(prose)))[0].numbers >= 1


# ---- rule 3: directions and shapes ------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Then $p_g$ moves left.", "The JSD falls to zero.", "The loss fell.", "The run collapsed onto one mode.",
    "KL covers both modes.", "The iterates spiral out.", "D has a valley between the modes.",
    "It saturates early.", "The gradient vanishes.", "It converges.", "The curve is flat.", "D is higher there.",
])
def test_a_direction_sentence_needs_a_claims_that_phrase(tmp_path, sentence):
    (violation,) = audited(notebook(tmp_path, *section(sentence, 'claims.that("something else", True)')))[1]
    assert "claims.that" in violation.missing and "something else" in violation.missing


def test_the_phrase_is_matched_case_insensitively_without_math_markup(tmp_path):
    prose = "From (b) to (c) only $G$ changes and **$p_g$ moves left**, towards higher $D$."
    path = notebook(tmp_path, *section(prose, 'claims.that("P_G MOVES LEFT, towards higher D", m1 < m0)'))
    audit, found = audited(path)
    assert found == [] and audit.directions == 1


@pytest.mark.parametrize("prose", [
    "## Mode collapse on two rings",                       # a heading names a topic
    "In the left panel the data are black.",               # layout
    "Run the cell below.",                                  # where on the page
    "The bound holds up to minibatch noise.",              # idiom
    "The discriminator's loss certifies a lower bound.",    # a name
    "The f-divergence is a family of divergences.",        # the noun is not a direction
    "The saturating and non-saturating losses differ.",   # 'saturating' names a loss
    'The paper says "G collapses too many values of z".',  # a quotation
    "[05 Training in 2-D and mode collapse →](05_training_in_2d_and_mode_collapse.ipynb)",  # a lesson's title
])
def test_layout_idioms_names_headings_and_quotations_are_not_directions(tmp_path, prose):
    audit, found = audited(notebook(tmp_path, *section(prose)))
    assert found == [] and audit.directions == 0


def test_the_summary_line_and_the_error(tmp_path, capsys):
    path = notebook(tmp_path, ("md", "# 09 · Demo\n\nGoodfellow et al. (2014), Figure 1: $p_g$ moves left by 0.5."),
                    ("code", 'claims.number("p_g moves by", s, stated=0.5, tol=0.1)\nclaims.that("p_g moves left", True)'))
    audit = claims.audit(path, ran=every_claim_ran(path))
    assert (audit.numbers, dict(audit.excepted), audit.directions) == (1, {"lesson numbers": 1, "years": 1,
                                                                          "references": 1}, 1)
    out = capsys.readouterr().out
    assert "this lesson's prose states 1 number, each bound to a claims.number; 3 excepted (1 lesson number, " \
           "1 reference, 1 year); 1 direction/shape sentence, each containing a claims.that phrase" in out
    with pytest.raises(claims.ClaimError, match=r"(?s)1 sentence\(s\) not bound.*the number 0.5"):
        claims.audit(notebook(tmp_path, ("md", "Moves by 0.5."), name="bad.ipynb"))
    with pytest.raises(ValueError, match="notebook_path must be an existing .ipynb file"):
        claims.audit(tmp_path / "missing.ipynb")


# ---- the three false sentences of issue 13, re-introduced into honest sections ----------------------------------

PARZEN = [  # lesson 10 (old 07), exercise 1: the literal Parzen formula on 5 test images
    ("md", "## Exercises\n\n**Exercise 1 — the Parzen window by hand.** Written literally, the normaliser "
           "$(2\\pi\\sigma^2)^{392}$ underflows to 0 and the formula returns `[nan, nan, inf, nan, nan]`: "
           "0 of 5 log-likelihoods are -inf."),
    ("code", 'll = literal_parzen(x_test[:5], samples)\n'
             'claims.number("the normaliser (2 pi sigma^2)^392", normaliser, stated=0, tol=0)\n'
             'claims.number("log-likelihoods that are -inf", int(np.sum(ll == -np.inf)), stated=0, tol=0)\n'
             'claims.number("of", len(ll), stated=5, tol=0)'),
]
FIGURE_1 = [  # lesson 04, Figure 1 (b) -> (c)
    ("md", "## Figure 1 of the paper, from a real run\n\n**What to notice.** From (b) to (c) only $G$ changes: "
           "$p_g$ moves left, and the mapping lines lean left, towards higher $D$."),
    ("code", 'claims.that("p_g moves left", mean_c < mean_b)\n'
             'claims.that("the mapping lines lean left, towards higher D", np.all(dx < 0) and np.all(dD_dx < 0))'),
]
COLLAPSE = [  # lesson 04, mode collapse on two modes
    ("md", "## Mode collapse on two modes\n\n**What to notice.** At $x = -1$, 0 and 0.5 the $k = 5$ discriminator "
           "gives $D \\approx$ 0.47, 0.83 and 0.99: no valley. The valley of low $D$ lies in the $k = 1$ panel."),
    ("code", 'claims.number("k", K_STRONG, stated=5, tol=0)\nclaims.number("k", K_WEAK, stated=1, tol=0)\n'
             'claims.number("x", -1.0, stated=-1, tol=0)\nclaims.number("x", 0.5, stated=0.5, tol=0)\n'
             'claims.number("x", 0.0, stated=0, tol=0)\n'
             'claims.number("D(-1), k = 5", d5[0], stated=0.47, tol=0.05)\n'
             'claims.number("D(0), k = 5", d5[1], stated=0.83, tol=0.05)\n'
             'claims.number("D(0.5), k = 5", d5[2], stated=0.99, tol=0.01)\n'
             'claims.that("no valley", d5[1] > 0.5)\n'
             'claims.that("the valley of low D lies in the k = 1 panel", d1[1] < 0.2 < d5[1])'),
]
FALSE_SENTENCES = {  # issue 13, verbatim
    "parzen": (PARZEN, "The literal version gives 1 of 5 log-likelihoods -inf, because each exp underflows."),
    "figure 1": (FIGURE_1, "From (b) to (c) the mapping lines lean right, towards higher D."),
    "mode collapse": (COLLAPSE, "A discriminator trained harder: with k = 5 the discriminator carves a deep valley of "
                                "D ≈ 0 between the modes."),
}


@pytest.mark.parametrize("example", FALSE_SENTENCES)
def test_the_issues_false_sentences_are_caught_in_an_honest_section(tmp_path, example):
    cells, false_sentence = FALSE_SENTENCES[example]
    assert audited(notebook(tmp_path, *cells))[1] == []  # the honest section passes
    (md_kind, prose), code = cells
    tampered = notebook(tmp_path, (md_kind, prose + "\n\n" + false_sentence), code, name="tampered.ipynb")
    found = audited(tampered)[1]
    assert found and all(" ".join(false_sentence.split()) == v.sentence for v in found)


def test_the_false_sentences_are_caught_for_the_right_reason(tmp_path):
    def reasons(example):
        (kind, prose), code = FALSE_SENTENCES[example][0]
        path = notebook(tmp_path, (kind, prose + "\n\n" + FALSE_SENTENCES[example][1]), code, name=f"{example}.ipynb")
        return [v.missing for v in audited(path)[1]]
    (parzen,) = reasons("parzen")
    assert parzen.startswith("the number 1 is the stated= literal of no claims.number")  # 0 of 5 are -inf
    (figure_1,) = reasons("figure 1")
    assert figure_1.startswith("says 'right', 'towards', 'higher' but contains no phrase of a claims.that")
    # "D ≈ 0" has the value of the section's claim about x = 0, whose label the sentence does not mention
    number, valley = reasons("mode collapse")
    assert number.startswith("the number 0 is the stated= of claims.number 'x', but the sentence shares no word")
    assert valley.startswith("says 'valley' but contains no phrase of a claims.that")


# ---- the same three sentences inserted into the real lessons ----------------------------------------------------

REAL_SECTIONS = {  # example -> (lesson, its section's heading, what the section's markdown mentions, the rule that must catch it)
    "parzen": ("10_measuring_a_gan.ipynb", r"table 1|parzen", r"underflow|normaliser", 1),
    "figure 1": ("04_training_in_1d.ipynb", r"figure 1", r"mapping lines", 3),
    "mode collapse": ("04_training_in_1d.ipynb", r"mode collapse|two modes", r"valley", 3),
}
HEADING_LINE = re.compile(r"^#{1,2}\s+(.*)$", re.MULTILINE)


def find_section(nb, heading: str, contains: str) -> tuple[int, int] | None:
    """(first, end) cell indices of the first level-1/2 section whose heading matches and whose prose contains."""
    starts = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and HEADING_LINE.search(c.source)]
    for first, end in zip(starts, starts[1:] + [len(nb.cells)]):
        titles = " ".join(HEADING_LINE.findall(nb.cells[first].source))
        prose = " ".join(c.source for c in nb.cells[first:end] if c.cell_type == "markdown")
        if re.search(heading, titles, re.IGNORECASE) and re.search(contains, prose, re.IGNORECASE):
            return first, end
    return None


@pytest.mark.parametrize("example", REAL_SECTIONS)
def test_the_issues_false_sentences_are_caught_in_the_real_lesson(tmp_path, example):
    lesson, heading, contains, rule = REAL_SECTIONS[example]
    source = Path(__file__).resolve().parents[1] / "notebooks" / lesson
    if not source.exists():
        pytest.skip(f"{lesson} does not exist yet")
    nb = nbformat.read(source, as_version=4)
    section = find_section(nb, heading, contains)
    if section is None:
        pytest.skip(f"{lesson} has no section whose heading matches {heading!r} and whose prose mentions {contains!r}")
    first, end = section
    if not any("claims." in c.source for c in nb.cells[first:end] if c.cell_type == "code"):
        pytest.skip(f"{lesson}'s section {nb.cells[first].source.splitlines()[0]!r} makes no claims yet")
    false_sentence = FALSE_SENTENCES[example][1]
    nb.cells.insert(first + 1, nbformat.v4.new_markdown_cell(false_sentence))
    nbformat.write(nb, tmp_path / lesson)
    flagged = [v.rule for v in audited(tmp_path / lesson)[1] if v.sentence == " ".join(false_sentence.split())]
    assert rule in flagged, f"rule {rule} of the audit let {false_sentence!r} through in {lesson}"


# ---- issue 23's holes in the audit: numbers after = in math, claims that never ran ---------------------------

@pytest.mark.parametrize("prose, found", [
    ("The JSD is $\\mathrm{JSD} = 0.69$ here.", True),          # a value on the right of = is a measurement
    ("We set $k = 5$.", True),
    ("It equals $\\frac{a}{a+b} = 2$, outside $[0, 1]$.", True),
    ("By definition $f(1) = 0$.", False),                        # 0 and 1: identities and indices
    ("The angles are $\\theta_k = 0.7k$.", False),               # a coefficient, not a value
    ("Sum $\\sum_{i=1}^m x_i$.", False),
])
def test_a_number_after_equals_in_math_is_read_as_prose(tmp_path, prose, found):
    assert bool(audited(notebook(tmp_path, *section(prose)))[1]) == found


def run_claims(code: str) -> list[str]:
    """The stdout lines ``code`` prints, as a stored output would hold them."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {"claims": claims, "np": __import__("numpy")})
    return out.getvalue().splitlines()


def notebook_with_outputs(tmp_path, prose: str, code: str, name="ran.ipynb"):
    path = notebook(tmp_path, *section(prose, code), name=name)
    nb = nbformat.read(path, as_version=4)
    lines = run_claims(code)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n")] if lines else []
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("code", [
    'if False:\n    claims.number("JSD", 0.69, stated=0.69, tol=0.01)\n    claims.that("p_g moves left", True)',
    'def never():\n    claims.number("JSD", 0.69, stated=0.69, tol=0.01)\n    claims.that("p_g moves left", True)',
])
def test_a_claim_that_never_runs_binds_nothing(tmp_path, code):
    prose = "Here the JSD is 0.69 and p_g moves left."
    honest = notebook_with_outputs(tmp_path, prose, code.replace("if False:", "if True:").replace(
        "def never():", "if True:"), name="honest.ipynb")
    assert audited(honest, ran=None)[1] == []  # the same claims, run, bind the sentence
    found = audited(notebook_with_outputs(tmp_path, prose, code), ran=None)[1]
    assert {v.rule for v in found} == {1, 3} and all("never run" in v.missing for v in found)


def test_in_the_kernel_the_audit_reads_the_lines_this_kernel_printed(tmp_path):
    prose, code = "Here the JSD is 0.69.", 'claims.number("JSD", 0.69, stated=0.69, tol=0.01)'
    path = notebook(tmp_path, *section(prose, code))  # no stored outputs at all
    assert audited(path, ran=None)[1]  # from the file alone: the claim did not run
    claims.audit(path, ran=run_claims(code))  # in the lesson's own kernel: it did
    with pytest.raises(TypeError, match="ran must be None, 'this kernel' or a list of printed claim lines"):
        claims.audit(path, ran="JSD: 0.69")
