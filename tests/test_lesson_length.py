"""One lesson, one class session: no lesson's prose runs past about 1,500 words.

Counted over the markdown cells, with each LaTeX formula as one word, and without the closing "Checking the notes"
box, which quotes the source notes' slips in full for reading after class.
"""

import json
import re
from pathlib import Path

import pytest

LESSONS = sorted((Path(__file__).parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_WORDS = 1600  # "about 1,500"


def prose_words(path: Path) -> int:
    cells = json.loads(path.read_text())["cells"]
    text = " ".join("".join(c["source"]) for c in cells
                    if c["cell_type"] == "markdown" and not "".join(c["source"]).startswith("## Checking the notes"))
    text = re.sub(r"\$\$.*?\$\$", " X ", text, flags=re.S)
    return len(re.sub(r"\$[^$]*\$", " X ", text).split())


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_fits_one_class_session(path):
    assert 300 <= prose_words(path) <= MAX_WORDS, f"{path.name}: {prose_words(path)} words of prose"
