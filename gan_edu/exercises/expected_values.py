"""The stored expected values the checkers compare with: the reference's and each typical mistake's outputs.

The student edition carries them in ``stored_values.py`` beside this module, written by
``gan_edu.student_edition`` from the teacher's ``gan_edu.answers`` when the edition is built. The teacher's copy
has no stored file: there :func:`lookup` computes an exercise's entry from ``gan_edu.answers`` on first use.
"""

from __future__ import annotations

import importlib
import json

__all__ = ["lookup", "STORED_MODULE"]

STORED_MODULE = "stored_values"  # gan_edu/exercises/stored_values.py in the student edition: JSON = '...'
_TABLE: dict[str, dict] = {}


def _stored() -> dict[str, dict]:
    try:
        module = importlib.import_module(f"{__package__}.{STORED_MODULE}")
    except ModuleNotFoundError:
        return {}
    return json.loads(module.JSON)


def lookup(name: str) -> dict:
    """The stored entry of exercise ``name`` (see ``gan_edu.exercises.judge`` for its format)."""
    if not _TABLE:
        _TABLE.update(_stored())
    if name not in _TABLE:
        try:
            from .. import answers
        except ImportError:
            raise LookupError(f"no stored expected values for the exercise {name!r}: this copy of gan_edu has "
                              f"neither {STORED_MODULE}.py nor gan_edu.answers; rebuild the student edition") from None
        _TABLE[name] = answers.expected_entry(name)
    return _TABLE[name]
