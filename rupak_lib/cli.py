"""The ``rupak`` command line.

Each subcommand is a row of ``COMMANDS``: a name, a one-line help, a function that adds its
arguments and a function that runs it and returns the exit status. Heavy imports belong in
the run function, after the arguments are checked, so that ``rupak --help`` and a mistyped
argument answer at once (importing the package loads no pandas; tests/test_cli.py checks).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rupak_lib import __version__
from rupak_lib.data.paths import NOTEBOOKS_DIR, REPORT_NOTEBOOKS, default_data_dir
from rupak_lib.exceptions import DataValidationError, RupakError


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--data DIR`` option shared by the subcommands that read the data package."""
    parser.add_argument("--data", metavar="DIR", default=None,
                        help="data package directory (default: the bundled data/, "
                             "or $RUPAK_DATA)")


def shown_data_dir(given: str | None) -> str:
    """The data directory as the user should see it: as typed, or the default made relative."""
    if given is not None:
        return given.rstrip("/\\") or given
    path = default_data_dir()
    return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)


def refuse(err: DataValidationError, given: str | None, command: str, outcome: str) -> int:
    """Print every problem of invalid data the way `rupak validate` does; exit status 1."""
    shown = shown_data_dir(given)
    from rupak_lib.exceptions import listing

    for line in listing(err.problems, f"{shown}/"):
        print(line)
    print(f"{command}: the data has {len(err.errors)} error(s); {outcome}", file=sys.stderr)
    return 1


def positive_int(text: str) -> int:
    """An argument that counts something, such as worker processes: 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def folder(text: str) -> str:
    """An output folder argument: an empty one would silently mean the current directory."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; name a folder")
    return text


def notebooks_folder(text: str) -> Path:
    """A ``--notebooks`` argument: a folder with a notebook for every kind of report, so that
    a build never stops half-way on one it lacks."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no such folder: {text}")
    missing = [n for n in REPORT_NOTEBOOKS.values() if not (path / n).is_file()]
    if missing:
        raise argparse.ArgumentTypeError(f"{text} has no {', '.join(missing)}")
    return path


def add_notebooks_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notebooks", metavar="DIR", type=notebooks_folder,
                        default=NOTEBOOKS_DIR,
                        help="the report notebooks to run (default: the repository's "
                             "notebooks/; name a copy to try changes to them)")


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser)


def _run_validate(args: argparse.Namespace) -> int:
    from rupak_lib.data.validate import check

    shown = shown_data_dir(args.data)
    report = check(args.data)
    from rupak_lib.exceptions import listing

    for line in listing(report.problems, f"{shown}/"):
        print(line)
    print(report.summary())
    return 1 if report.errors else 0


def _configure_build(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser)
    parser.add_argument("--out", metavar="DIR", default=None, type=folder,
                        help="where to write the reports (default: the repository's reports/)")
    parser.add_argument("--jobs", "-j", metavar="N", type=positive_int, default=None,
                        help="worker processes (default: the number of cores)")
    parser.add_argument("--only", metavar="ID", nargs="+", default=(),
                        help="build only these reports (report ids such as theme-trade-economy, "
                             "or theme or source ids)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild even the reports whose inputs have not changed")
    add_notebooks_argument(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def _run_build(args: argparse.Namespace) -> int:
    from rupak_lib.build.run import build
    try:
        result = build(args.data, args.out, jobs=args.jobs, only=args.only, force=args.force,
                       notebooks_dir=args.notebooks, progress=not args.quiet)
    except DataValidationError as err:
        return refuse(err, args.data, "rupak build", "nothing was built")
    print(result.summary())
    return 0 if result.ok else 1


def _configure_seminar(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser)
    parser.add_argument("--theme", metavar="ID", nargs="+", action="extend", default=None,
                        help="the themes to make handouts for (theme ids of themes.csv; "
                             "'corpus' for the whole corpus, 'all' for the corpus and every "
                             "theme; default: the whole corpus)")
    parser.add_argument("--out", metavar="DIR", default=None, type=folder,
                        help="where to write the handouts (default: the repository's "
                             "handouts/)")
    parser.add_argument("--pdf", action="store_true",
                        help="also print each handout to PDF with headless Chromium")
    parser.add_argument("--students-only", action="store_true",
                        help="write the student's versions alone, never the instructor's "
                             "(for publishing beside the reports)")
    parser.add_argument("--jobs", "-j", metavar="N", type=positive_int, default=None,
                        help="sessions run at once, each on a warm kernel (default: the "
                             "number of cores)")


def _run_seminar(args: argparse.Namespace) -> int:
    from rupak_lib.teaching.handouts import VERSIONS, write_handouts

    def wrote(path: Path) -> None:
        shown = os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
        print(f"wrote {shown}", flush=True)

    try:
        write_handouts(args.data, args.out, themes=args.theme or (), pdf=args.pdf,
                       on_write=wrote, jobs=args.jobs,
                       versions=("student",) if args.students_only else VERSIONS)
    except DataValidationError as err:
        return refuse(err, args.data, "rupak seminar", "nothing was written")
    return 0


def _configure_preview(parser: argparse.ArgumentParser) -> None:
    from rupak_lib.build.preview import DEFAULT_PORT  # the module imports nothing heavy

    add_data_argument(parser)
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="where to write the reports (default: the repository's reports/)")
    parser.add_argument("--port", metavar="N", type=int, default=DEFAULT_PORT,
                        help=f"the port to serve on (default: {DEFAULT_PORT}; 0 picks a free "
                             "one)")
    parser.add_argument("--host", metavar="ADDR", default="127.0.0.1",
                        help="the address to listen on (default: 127.0.0.1; another than a "
                             "loopback address needs --allow-remote)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow --host to be an address other machines can reach")
    parser.add_argument("--jobs", "-j", metavar="N", type=int, default=None,
                        help="worker processes, each with a warm kernel (default: the number "
                             "of cores)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open the reports in a browser")
    add_notebooks_argument(parser)


def _run_preview(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise RupakError("--jobs must be at least 1")
    if not 0 <= args.port <= 65535:
        raise RupakError("--port must be between 0 and 65535")
    from rupak_lib.build.preview import preview

    return preview(args.data, args.out, host=args.host, port=args.port, jobs=args.jobs,
                   open_browser=not args.no_browser, allow_remote=args.allow_remote,
                   notebooks_dir=args.notebooks,
                   shown_data=shown_data_dir(args.data))


def _seconds(text: str) -> float:
    """A time limit argument: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def _configure_grade(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", metavar="SUBMISSIONS",
                        help="folder of the students' .ipynb files, one per student; the "
                             "file's stem is the student's id")
    parser.add_argument("--theme", metavar="ID", default=None,
                        help="the session the handout was made for (a theme id; default: "
                             "the whole corpus)")
    add_data_argument(parser)
    parser.add_argument("--out", metavar="DIR", default=None, type=folder,
                        help="where to write the grade sheet (default: the repository's "
                             "grades/)")
    parser.add_argument("--timeout", metavar="SECONDS", type=_seconds, default=60.0,
                        help="time limit per cell of the student's (default: 60; the "
                             "handout's own cells, kept as written, get 120; a notebook "
                             "gets ten times the limit in all)")
    parser.add_argument("--jobs", "-j", metavar="N", type=positive_int, default=None,
                        help="notebooks run at once (default: the number of cores)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="grade without isolation when none is available (only for "
                             "notebooks you trust)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def _run_grade(args: argparse.Namespace) -> int:
    """Exit status 0 once the grade sheet is written."""
    from rupak_lib.teaching.grade import Limits, grade

    try:
        result = grade(args.submissions, args.theme, args.data, args.out,
                       limits=Limits(cell_timeout=args.timeout), jobs=args.jobs,
                       no_sandbox=args.no_sandbox, progress=not args.quiet)
    except DataValidationError as err:
        return refuse(err, args.data, "rupak grade", "nothing was graded")
    print(result.summary())
    return 0


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv",
                        help="csv: the claims in one file; xlsx: a workbook with the claims "
                             "and a sheet per table (default: csv)")
    parser.add_argument("--out", metavar="PATH", required=True, type=folder,
                        help="the file to write")
    add_data_argument(parser)


def _run_export(args: argparse.Namespace) -> int:
    """Exit status 0 once the file is written whole."""
    from rupak_lib.data.load import load
    from rupak_lib.data.spreadsheet import export

    try:
        corpus = load(args.data)
    except DataValidationError as err:
        return refuse(err, args.data, "rupak export", "nothing was written")
    path = export(corpus, args.format, args.out)
    print(f"wrote {len(corpus.facts)} claims of {len(corpus.sources)} source(s) to {path}")
    return 0


def _configure_add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the document, a UTF-8 text file")
    parser.add_argument("--id", required=True, dest="source_id", metavar="ID",
                        help="the source's id, a slug (e.g. mofa-2025-11-20)")
    parser.add_argument("--title", required=True, metavar="T")
    parser.add_argument("--author", required=True, metavar="A")
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    for name, help_text in (("place", "where it was given or published"),
                            ("language", "ISO 639-1 code (default: en)"),
                            ("author-role", "the author's office"),
                            ("venue", "where it was given or published"),
                            ("url", "where it was obtained"),
                            ("genre", "speech, interview, briefing, article, statement, report "
                                      "or other (default: blank, read as speech)")):
        parser.add_argument(f"--{name}", metavar=name.split("-")[-1][:1].upper(), default="",
                            help=help_text)
    add_data_argument(parser)


def _run_add_source(args: argparse.Namespace) -> int:
    """Exit status 0 once the text and its rows are in; 1 and nothing written otherwise."""
    from rupak_lib.curation.add_source import NewSource, add_source
    from rupak_lib.data.paths import resolve_data_dir

    new = NewSource(args.source_id, args.title, args.author, args.date, args.place,
                    args.language or "en", args.author_role, args.venue, args.url, args.genre)
    segments = add_source(args.path, new, resolve_data_dir(args.data))
    print(f"added {args.source_id}: sources/{args.source_id}.txt and its row in sources.csv")
    for s in segments:
        print(f"  segments.csv: line {s.line}: {s.kind}: {s.note}")
    print(f"{len(segments)} line(s) proposed as not body; check them, then run "
          f"rupak draft {args.source_id}")
    return 0


def _configure_draft(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source_id", metavar="ID", help="the source to draft")
    parser.add_argument("--replace", action="store_true",
                        help="draft anew over an existing drafts file (its edits are lost)")
    add_data_argument(parser)


def _run_draft(args: argparse.Namespace) -> int:
    from rupak_lib.curation.draft import counted, write_drafts
    from rupak_lib.data.load import load

    try:
        corpus = load(args.data)
    except DataValidationError as err:
        return refuse(err, args.data, "rupak draft", "nothing was drafted")
    path, drafted = write_drafts(corpus, args.source_id, replace=args.replace)
    print(f"wrote {path}: {counted(drafted)} of {args.source_id}; correct them, then run "
          f"rupak accept {args.source_id} --all")
    return 0


def _configure_accept(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source_id", metavar="ID", help="the source whose drafts to accept")
    parser.add_argument("fact_ids", metavar="FACT_ID", nargs="*",
                        help="the drafts to accept (default: none; see --all)")
    parser.add_argument("--all", action="store_true", dest="every", help="accept every draft")
    parser.add_argument("--min-confidence", metavar="X", type=float, default=None,
                        help="accept the drafts of this confidence or more (0-1)")
    add_data_argument(parser)


def _run_accept(args: argparse.Namespace) -> int:
    from rupak_lib.curation.accept import accept
    from rupak_lib.data.paths import resolve_data_dir

    try:
        done = accept(resolve_data_dir(args.data), args.source_id, args.fact_ids,
                      every=args.every, min_confidence=args.min_confidence)
    except DataValidationError as err:
        return refuse(err, args.data, "rupak accept", "nothing was moved")
    print(f"accepted {done.facts} claim(s) with {done.entity_links} entity and "
          f"{done.event_links} record link(s); {done.left} draft(s) left")
    return 0


COMMANDS: list[Command] = [
    Command("validate", "check the data package and list every problem",
            _configure_validate, _run_validate),
    Command("build", "run the report notebooks and write reports/ with its index",
            _configure_build, _run_build),
    Command("seminar", "write the student's and instructor's seminar handouts of themes",
            _configure_seminar, _run_seminar),
    Command("preview", "serve the reports, rebuild what an edit touches and reload the "
            "browser", _configure_preview, _run_preview),
    Command("add-source", "copy a document into the package and propose its segments",
            _configure_add_source, _run_add_source),
    Command("draft", "propose claims for the body sentences of a source (data/drafts/ID.csv)",
            _configure_draft, _run_draft),
    Command("accept", "move drafted claims into the package if it still validates",
            _configure_accept, _run_accept),
    Command("export", "write the claims with their sources, themes and record links as "
            "CSV or an Excel workbook", _configure_export, _run_export),
    Command("grade", "mark a class's seminar notebooks in isolation and write a grade sheet",
            _configure_grade, _run_grade),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rupak",
        description="Curated facts on Russia-Pakistan relations: validate the data, "
                    "build the reports, write seminar handouts and grade them.")
    parser.add_argument("--version", action="version", version=f"rupak {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(child)
        child.set_defaults(run=command.run, parser=child)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; deliberate errors print one line, never a traceback."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # said by the subcommand's parser, with its usage, not the top level's
        getattr(args, "parser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        parser.print_help()
        return 2
    from rupak_lib.build.lifetime import raise_on_terminate
    from rupak_lib.build.startup import defer_slow_imports

    defer_slow_imports()  # about a second less for every command that reads a notebook
    previous = raise_on_terminate()  # SIGTERM unwinds like Ctrl-C: workers, kernels stop
    try:
        return args.run(args)
    except RupakError as err:
        print(f"rupak: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    raise SystemExit(main())
