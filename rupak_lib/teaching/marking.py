"""The mark of one exercise: a status and a short message the student can act on.

Statuses: ``passed`` and ``failed`` (rupak's check of the result, the one the notebook's
check cell calls), ``not-attempted`` (the exercise is still the handout's stub), ``error``
(the cell raised, printed too much, or stopped its kernel) and ``timeout``.

:func:`cell_status` and :func:`not_reached` turn what happened to a cell into a mark, in the
runner; :func:`verdict` checks a result in the grader's own process, never in the student's
kernel, against a corpus the grader loaded (the kernel only hands the value over as data:
values.py). Top-level imports stay light: the runner imports this module without pandas.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

STATUSES = ("passed", "failed", "not-attempted", "error", "timeout")
STUB_RAISE = "raise NotImplementedError()"  # the last line of the handout's stub


@dataclass(frozen=True)
class CellOutcome:
    """How one cell ended: ok | error | timeout | output (cut off) | dead (kernel gone)."""

    status: str
    ename: str | None = None
    evalue: str | None = None
    text: str = ""


def first_line(source: str, width: int = 60) -> str:
    line = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


def _size(n: int) -> str:
    return f"{n / 2**30:g} GiB" if n >= 2**30 else f"{n / 2**20:g} MiB"


def cell_status(outcome: CellOutcome, source: str, exercise: Mapping[str, Any],
                limit: float, output_limit: int, checking: bool = False) -> tuple[str, str]:
    """The mark an exercise gets from how its cell ended; ``("ran", "")`` when the cell ran
    through and the result is to be checked. ``checking``: the cell was the one handing the
    result over."""
    what = "handing your result over" if checking else "your code"
    if outcome.status == "ok":
        if checking:
            return "error", ("your result could not be read: does your code redefine "
                             "`print`?")
        return "ran", ""
    if outcome.status == "timeout":
        return "timeout", (f"{what} ran for more than {limit:g} s and was stopped: "
                           "look for a loop that never ends.")
    if outcome.status == "output":
        return "error", (f"{what} printed more than {_size(output_limit)}; the output was "
                         "cut off and the cell stopped: print less (e.g. .head()).")
    if outcome.status == "dead":
        return "error", (f"{what} stopped the Python kernel (os._exit, a crash, or more "
                         "memory than a notebook may use); what ran before keeps its marks.")
    if outcome.ename == "NotImplementedError" and any(
            line.strip() == STUB_RAISE for line in source.splitlines()):
        return "not-attempted", ("not attempted: replace `# YOUR CODE HERE` and "
                                 f"`{STUB_RAISE}` with your code.")
    if outcome.ename == "MemoryError":
        return "error", f"{what} ran out of the memory a notebook may use."
    value = first_line(str(outcome.evalue or ""), 200)
    return "error", f"{what} raised {outcome.ename}" + (f": {value}" if value else ".")


def not_reached(status: str, source: str, limit: float) -> tuple[str, str]:
    """The mark of an exercise that never ran because the kernel stopped before it."""
    why = (f"ran past {limit:g} s and would not stop" if status == "timeout"
           else "stopped the Python kernel")
    return ("timeout" if status == "timeout" else "error",
            f"not marked: the cell starting `{first_line(source)}` {why}, before this "
            "exercise ran.")


# --- in the grader's process ----------------------------------------------------------------

def verdict(number: int, result: str, namespace: Mapping[str, object], corpus: Any) -> \
        tuple[str, str]:
    """Check the result of exercise ``number`` (the variable ``result``) with rupak's check."""
    from rupak_lib.teaching import seminar

    if result not in namespace:
        return "failed", (f"your code ran but did not define `{result}`: assign your result "
                          "to it.")
    extra = {"year": seminar.session_year(corpus)} if number == 2 else {}
    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said):
            seminar.check_exercise(number, namespace[result], corpus, **extra)
    except seminar.ExerciseCheckError as err:
        return "failed", str(err).removeprefix(f"Exercise {number}: ")
    except Exception as err:  # the student's object broke the check: say what it is
        return "error", (f"`{result}` could not be checked: {type(err).__name__}: "
                         f"{first_line(str(err), 200)}")
    return "passed", said.getvalue().strip().removeprefix(f"Exercise {number}: ")
