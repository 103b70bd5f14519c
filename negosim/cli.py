"""The ``negosim`` command: a thin face on the library. Parses, calls, prints."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from negosim import terminal
from negosim.errors import NegosimError, OverrideError, Problem

app = typer.Typer(
    help="Negotiation scenarios from the news, simulated on Mesa.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

BUG = "This is a bug in negosim: please report it with the command you ran and the scenario file."


def guarded(fn):
    """Bad input -> located messages and exit 2; anything unexpected -> one message and exit 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            out = fn(*args, **kwargs)
            sys.stdout.flush()  # inside the guard: a reader that closed the pipe early surfaces here
            return out
        except NegosimError as exc:
            for problem in exc.problems:
                terminal.err(str(problem))
            raise typer.Exit(2) from None
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (folders.sigterm_as_interrupt)
            if getattr(exc, "reported", False):
                pass
            elif getattr(exc, "committed", False):
                terminal.err(f"interrupted: {exc.folder} was complete and is in place")
            else:
                terminal.err("interrupted: nothing was written")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:  # the output went to a pager or `head` that closed early: not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush there
            raise typer.Exit(0) from None
        except Exception as exc:
            terminal.err(f"internal error: {type(exc).__name__}: {exc}\n{BUG}")
            raise typer.Exit(1) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        from negosim.identity import __version__

        print(f"negosim {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Negotiation scenarios from the news, simulated on Mesa."""


@app.command()
@guarded
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Scenario files to check.")],
    strict: Annotated[
        bool,
        typer.Option(help="Also fail on positions, red lines and preconditions with neither evidence nor assumed."),
    ] = False,
) -> None:
    """Check scenario files: every problem as FILE:LINE:COL: path: message (exit 2 if any)."""
    from negosim.scenario.loader import load_scenario
    from negosim.words import count

    problems = []
    for f in files:
        try:
            sc = load_scenario(f, strict=strict)
        except NegosimError as exc:
            problems += exc.problems
            continue
        parts = ((sc.parties, "party"), (sc.issues, "issue"), (sc.actors, "actor"))
        sizes = ", ".join(count(len(x), noun) for x, noun in parts)
        print(f"{f}: ok ({sizes})")
        _warn(sc)
    if problems:
        raise NegosimError(problems)


@app.command()
@guarded
def run(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Scenario file (YAML).")],
    seed: Annotated[
        int,
        typer.Option(
            min=0,
            metavar="N",
            help="Seed of the model's random generator (the battles of a conflict: section); recorded in every file.",
        ),
    ] = 0,
    rounds: Annotated[int | None, typer.Option(metavar="N", help="Override the scenario's number of rounds.")] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="PATH=VALUE",
            help="Override a scenario value, e.g. actors.russia.strategy.beta=0.5 (repeat for several)",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Output folder, written whole [default: results/<file stem>/seed-<N>/, or seed-<N>-set-<id>/ "
            "with overrides].",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="png|svg|pdf", help="Figure format.")] = "png",
    figures: Annotated[bool, typer.Option(help="Draw the figures.")] = True,
) -> None:
    """Run a scenario once: print a summary, write summary.json, history, events, figures and report.html."""
    from negosim.engine.simulate import simulate
    from negosim.folders import whole_folder
    from negosim.output import default_folder
    from negosim.scenario.loader import load_scenario
    from negosim.scenario.overrides import parse_assignment

    _check_format(fmt)
    sc = load_scenario(file)
    overrides: dict[str, Any] = dict(parse_assignment(s) for s in set_ or [])
    if rounds is not None:
        overrides["rounds"] = rounds
    out = out or default_folder(file, seed, overrides)
    with whole_folder(out) as tmp:  # locked from here; the folder is moved into place only when complete
        try:
            with terminal.progress(f"running {sc.name} (seed {seed})"):
                result = simulate(sc, seed=seed, overrides=overrides)
        except OverrideError as exc:
            raise OverrideError([_as_option(p, rounds is not None) for p in exc.problems]) from None
        _warn(result.scenario)  # the scenario as run, overrides applied
        written = _write_run(result, tmp, out, figures, fmt)
    terminal.print_summary(result)
    print(f"wrote {out}/: " + ", ".join(written))
    if figures:
        print(f"report: {out / 'report.html'}")


def _write_run(result, tmp: Path, out: Path, figures: bool, fmt: str) -> list[str]:
    """Write the run's files into ``tmp`` (the folder ``out`` being written): the names written."""
    from negosim.output import write_files

    try:
        with (
            terminal.progress("writing the run folder" + (", figures and report" if figures else "")),
            terminal.font_warnings(),
        ):
            paths = write_files(result, tmp, figures=figures, fmt=fmt)
    except OSError as exc:
        raise NegosimError(f"--out {out}: cannot write ({exc.strerror or exc})") from None
    return [p.name + ("/" if p.is_dir() else "") for p in paths]


@app.command()
@guarded
def play(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Scenario file (YAML).")],
    as_: Annotated[str, typer.Option("--as", metavar="ACTOR", help="The party whose seat you take.")],
    seed: Annotated[int, typer.Option(min=0, metavar="N", help="Seed of the model's random generator.")] = 0,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="PATH=VALUE", help="Override a scenario value (repeat for several)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Run folder for the transcript [default: results/<file stem>/play-<ACTOR>-seed-<N>/]."
        ),
    ] = None,
    figures: Annotated[bool, typer.Option(help="Draw the figures and report.html.")] = True,
) -> None:
    """Take one party's seat at the terminal; the agents play the others. The talks are saved as a run folder."""
    from negosim.folders import whole_folder
    from negosim.output import write_files
    from negosim.play import Terminal
    from negosim.play import play as play_talks
    from negosim.protocols import protocol_class
    from negosim.scenario.loader import load_scenario
    from negosim.scenario.overrides import parse_assignment

    sc = load_scenario(file)
    overrides: dict[str, Any] = dict(parse_assignment(s) for s in set_ or [])
    if as_ not in sc.parties:
        from negosim.scenario.checks import did_you_mean

        raise NegosimError(f'--as: "{as_}" is not a party of {file} (parties: {", ".join(sc.parties)})'
                           f"{did_you_mean(as_, sc.parties)}")  # fmt: skip
    if why := protocol_class(sc.protocol.name).seats:
        raise NegosimError(f"{file}: {why}")
    out = out or Path("results") / file.stem / f"play-{as_}-seed-{seed}"

    def read(prompt: str) -> str:
        print(prompt, end="", flush=True)
        line = sys.stdin.readline()
        if not line:
            print()
            raise EOFError
        return line.rstrip("\n")

    try:
        result = play_talks(sc, as_, Terminal(read, print).seat(), seed=seed, overrides=overrides)
    except OverrideError as exc:
        raise OverrideError([_as_option(p, False) for p in exc.problems]) from None
    print()
    with whole_folder(out) as tmp:
        try:
            with terminal.font_warnings():
                write_files(result, tmp, figures=figures)
        except OSError as exc:
            raise NegosimError(f"--out {out}: cannot write ({exc.strerror or exc})") from None
    terminal.print_summary(result)
    print(f"wrote {out}/" + (f"; report: {out / 'report.html'}" if figures else ""))


@app.command()
@guarded
def demo(
    file: Annotated[Path, typer.Argument(metavar="[FILE]", help="Scenario file (YAML).")] = Path(
        "scenarios/istanbul-2025.yaml"
    ),
    port: Annotated[int | None, typer.Option(metavar="N", help="Port to serve on [default: a free one].")] = None,
    host: Annotated[str, typer.Option(metavar="HOST", help="Address to bind (others can reach it).")] = "127.0.0.1",
    seed: Annotated[int, typer.Option(min=0, metavar="N", help="Seed of the model's random generator.")] = 0,
    out: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Where 'Save run' (or a class's end) writes [default: results/<stem>/demo/]."),
    ] = None,
    klass: Annotated[
        bool, typer.Option("--class", help="One shared negotiation: a teacher's page and students' seats.")
    ] = False,
    timer: Annotated[float, typer.Option(min=1, metavar="S", help="--class: seconds a student has at its turn.")] = 90,
    assign: Annotated[bool, typer.Option(help="--class: the teacher assigns seats (students do not pick).")] = False,
    compare: Annotated[
        list[str] | None,
        typer.Option(metavar="PATH=VALUE", help="Show this counterfactual beside the talks (repeat for several)."),
    ] = None,
) -> None:
    """A teaching demo in the browser: step, play, reset; change the numbers; inject shocks; take a seat."""
    from negosim.demo.server import check_installed, configure, free_port, server
    from negosim.protocols import protocol_class
    from negosim.scenario.loader import load_scenario
    from negosim.scenario.overrides import apply_overrides, parse_assignment

    sc = load_scenario(file)  # a bad file is a located error here, not a broken page
    if klass and (why := protocol_class(sc.protocol.name).seats):
        raise NegosimError(f"{file}: --class gives students seats, but {why}")
    check_installed()
    counterfactual = dict(parse_assignment(s) for s in compare or [])
    try:
        apply_overrides(sc, counterfactual)
    except OverrideError as exc:
        raise OverrideError([_as_option(p, False) for p in exc.problems]) from None
    port = port or free_port(host)
    configure(file, seed, out, klass=klass, timer=timer, pick=not assign, compare=counterfactual)
    srv = server(host, port)
    if klass:
        from negosim.demo.shared_class import room

        r = room()
        print(f"negosim class of {file}: join code {r.code}", flush=True)
        print(f"  students: http://{host}:{port}/", flush=True)
        print(f"  teacher:  http://{host}:{port}/?teacher={r.teacher_token} (Ctrl-C to stop)", flush=True)
    else:
        print(f"negosim demo of {file} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    srv.run()


def _check_format(fmt: str) -> None:
    if fmt not in ("png", "svg", "pdf"):
        raise NegosimError(f'--format: "{fmt}" is not one of png, svg, pdf')


@app.command()
@guarded
def plot(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A run folder written by negosim run.")],
    fmt: Annotated[str, typer.Option("--format", metavar="png|svg|pdf", help="Figure format.")] = "png",
) -> None:
    """Redraw a run's (or a sweep's) figures and report.html from its folder, without running it again."""
    from negosim.output import redraw
    from negosim.runfolder import load_run

    _check_format(fmt)
    if not folder.is_dir():
        raise NegosimError(f"{folder}: not a folder")
    if (folder / "manifest.json").is_file():
        return _plot_sweep(folder, fmt)
    result = load_run(folder)
    used, original = result.scenario.path, result.summary["scenario"]["path"]
    print(f"scenario: {used}" + (" (the copy kept with the run)" if used != original else ""))
    try:
        with terminal.progress("drawing the figures and the report"), terminal.font_warnings():
            written = redraw(result, folder, fmt=fmt)
    except OSError as exc:
        raise NegosimError(f"{folder}: cannot write ({exc.strerror or exc})") from None
    print(f"wrote {folder}/: " + ", ".join(p.name for p in written))
    print(f"report: {folder / 'report.html'}")


#: The options of ``negosim sweep``, apart from the command so that it reads as what it does
SweepFile = Annotated[Path, typer.Argument(metavar="FILE", help="A scenario file, or a sweep file (sweep: 1).")]
SweepVary = Annotated[
    list[str] | None,
    typer.Option(
        metavar="PATH=SPEC",
        help="A factor: values a,b,c; a grid lo:hi:n (ends included); a range lo..hi to sample. "
        "Repeat for several, e.g. --vary 'actors.usa.pressure[0].stick=0:0.2:5'",
    ),
]
SweepAssumptions = Annotated[
    bool, typer.Option(help="Vary every number the scenario marks as assumed (default design: morris).")
]
SweepDesign = Annotated[
    str | None,
    typer.Option(
        metavar="factorial|random|lhs|sobol|morris",
        help="How design points are chosen [default: factorial; morris with --assumptions; lhs with a range].",
    ),
]
SweepSamples = Annotated[
    int | None,
    typer.Option(metavar="N", help="Points a sampled design draws (Morris: trajectories; Sobol: N(D+2) points)."),
]
SweepReplicates = Annotated[int | None, typer.Option(metavar="R", help="Seeded runs per design point [default: 10].")]
SweepSeed = Annotated[int | None, typer.Option(min=0, metavar="N", help="Root seed of every run's seed [default: 0].")]
SweepPaired = Annotated[
    bool,
    typer.Option(help="Every design point runs the same seeds (common random numbers): differences are the factors'."),
]
SweepSet = Annotated[
    list[str] | None,
    typer.Option("--set", metavar="PATH=VALUE", help="A value fixed for every run (repeat for several)."),
]
SweepWorkers = Annotated[
    int | None, typer.Option(min=1, metavar="W", help="Local worker processes [default: every core].")
]
SweepScheduler = Annotated[
    str | None,
    typer.Option(
        metavar="ADDR",
        help="Run on the Dask cluster at ADDR (tcp://host:8786), or 'local' for a "
        "LocalCluster of --workers processes; needs negosim[dask].",
    ),
]
SweepOut = Annotated[
    Path | None,
    typer.Option(metavar="DIR", help="Sweep folder [default: results/<file stem>/sweep-<design hash>/]."),
]
SweepResume = Annotated[bool, typer.Option(help="Finish the sweep in the folder: run only what is not kept.")]
SweepFmt = Annotated[str | None, typer.Option("--format", metavar="png|svg|pdf", help="Figure format.")]
SweepFigures = Annotated[bool, typer.Option(help="Draw the figures and report.html.")]


@app.command()
@guarded
def sweep(
    file: SweepFile,
    vary: SweepVary = None,
    assumptions: SweepAssumptions = False,
    design: SweepDesign = None,
    samples: SweepSamples = None,
    replicates: SweepReplicates = None,
    seed: SweepSeed = None,
    paired: SweepPaired = False,
    set_: SweepSet = None,
    workers: SweepWorkers = None,
    scheduler: SweepScheduler = None,
    out: SweepOut = None,
    resume: SweepResume = False,
    fmt: SweepFmt = None,
    figures: SweepFigures = True,
) -> None:
    """Run a scenario over a design of factor values, many seeded runs per point: summary.csv, figures, report."""
    import time

    from negosim.scenario.overrides import parse_assignment
    from negosim.sweep import progress as bars
    from negosim.sweep.api import sweep as run_sweep

    overrides = dict(parse_assignment(s) for s in set_ or []) or None
    if fmt is not None:
        _check_format(fmt)
    bar = bars.for_terminal()
    start = time.monotonic()
    try:
        result = run_sweep(file, vary, design, replicates, out, samples=samples, seed=seed, overrides=overrides,
                           assumptions=assumptions, paired=paired, workers=workers, scheduler=scheduler, resume=resume,
                           figures=figures, fmt=fmt, progress=bar, warn=lambda w: terminal.err(str(w)),
                           command=_command())  # fmt: skip
    except KeyboardInterrupt as exc:
        bar.close()
        _interrupted(exc)
        raise
    finally:
        bar.close()
    terminal.print_sweep(result, time.monotonic() - start, bar.ran)


def _plot_sweep(folder: Path, fmt: str) -> None:
    from negosim.folders import lock
    from negosim.sweep.api import load_sweep
    from negosim.sweep.outputs import write_outputs

    with lock(folder.resolve(), f"{folder}"):  # not while a sweep writes it
        result = load_sweep(folder)
        try:
            with terminal.progress("drawing the sweep's figures and report"), terminal.font_warnings():
                written = write_outputs(result, figures=True, fmt=fmt)
        except OSError as exc:
            raise NegosimError(f"{folder}: cannot write ({exc.strerror or exc})") from None
    done = "" if result.complete else f" ({len(result.runs)} of {result.manifest['runs']} runs so far)"
    print(f"wrote {folder}/{done}: " + ", ".join(sorted(p.name for p in written)))
    print(f"report: {folder / 'report.html'}")


def _command() -> list[str]:
    return ["negosim", *sys.argv[1:]]


def _interrupted(exc: BaseException) -> None:
    """Say what a stopped sweep kept and how to finish it (the guard prints nothing more)."""
    from negosim.sweep.api import SweepInterrupted

    if isinstance(exc, SweepInterrupted):
        import shlex

        cmd = _command() + ([] if "--resume" in sys.argv else ["--resume"])
        if "--out" not in sys.argv:
            cmd += ["--out", str(exc.folder)]
        terminal.err(f"interrupted: {exc.done} of {exc.total} runs are kept in {exc.folder}/")
        terminal.err(f"resume with: {shlex.join(cmd)}")
        exc.reported = True


@app.command()
@guarded
def explain(file: Annotated[Path, typer.Argument(metavar="FILE", help="Scenario file (YAML).")]) -> None:
    """Print every actor's positions, red lines and preconditions with their quotes or assumptions."""
    from negosim.scenario.explain import explain as explain_text
    from negosim.scenario.loader import load_scenario

    print(explain_text(load_scenario(file)), end="")


@app.command()
@guarded
def new(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Scenario name; the file is NAME.yaml.")],
    actors: Annotated[str, typer.Option(metavar="A,B", help="Comma-separated actor ids.")] = "a,b",
    issues: Annotated[str, typer.Option(metavar="X,Y", help="Comma-separated issue ids.")] = "x",
    out: Annotated[Path, typer.Option(metavar="DIR", help="Folder to write into.")] = Path("."),
) -> None:
    """Write a commented scenario template NAME.yaml that validates as it is."""
    from negosim.output import atomic_write
    from negosim.scenario.checks import ID
    from negosim.scenario.schema import schema_text
    from negosim.scenario.template import template

    if not ID.match(name):
        raise NegosimError(f'NAME "{name}": use a letter first, then letters, digits, _ and - (it names the file)')
    text = template(name, _ids(actors), _ids(issues))
    path = out / f"{name}.yaml"
    if path.exists():
        raise NegosimError(f"{path}: exists; choose another name or remove it")
    schema_file = out / "negosim.schema.json"
    write_schema = not schema_file.exists()  # the template's first line points editors at it
    try:
        atomic_write(path, lambda fh: fh.write(text.encode()))
        if write_schema:
            atomic_write(schema_file, lambda fh: fh.write(schema_text().encode()))
    except OSError as exc:
        raise NegosimError(f"--out {out}: cannot write ({exc.strerror or exc})") from None
    also = f" (and {schema_file} for editors)" if write_schema else ""
    print(f"wrote {path}{also}; check it with: negosim validate {path}")


@app.command("import-genius")
@guarded
def import_genius(
    domain: Annotated[
        Path, typer.Argument(metavar="DOMAIN", help="A GENIUS domain (.xml) or GeniusWeb domain (.json).")
    ],
    profiles: Annotated[
        list[Path], typer.Argument(metavar="PROFILE", help="One profile per party (.xml, or GeniusWeb .json).")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", help="The scenario file to write.")],
) -> None:
    """Turn a GENIUS domain and its parties' profiles into a negosim scenario (values tables, weights as
    saliences, reservation values, discount factors)."""
    import math

    from negosim.genius.convert import read, scenario_text
    from negosim.output import atomic_write
    from negosim.scenario.loader import load_scenario

    d, ps = read(domain, profiles)
    text = scenario_text(d, ps)
    check = out.parent / f".{out.name}.check.yaml"  # validated before it takes the name: nothing half-made
    try:
        atomic_write(check, lambda fh: fh.write(text.encode()))
        try:
            sc = load_scenario(check)
        except NegosimError:
            check.unlink(missing_ok=True)
            raise
        check.replace(out)
    except OSError as exc:
        check.unlink(missing_ok=True)
        raise NegosimError(f"--out {out}: cannot write ({exc.strerror or exc})") from None
    n = math.prod(len(issue.options) for issue in sc.issues.values())
    print(f"wrote {out}: {len(sc.parties)} parties, {len(sc.issues)} issues, {n:,} packages; "
          f"next: negosim analyze {out}")  # fmt: skip


@app.command("export-genius")
@guarded
def export_genius(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Scenario file (YAML) with discrete issues.")],
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Where to write the domain and the profiles.")],
) -> None:
    """Write a scenario as a GENIUS domain and one profile per party (XML)."""
    from negosim.genius.convert import exportable, write
    from negosim.scenario.loader import load_scenario

    sc = load_scenario(file)
    errors, warnings = exportable(sc)
    if errors:
        raise NegosimError(errors)
    for w in warnings:
        terminal.err(str(w))
    try:
        written = write(sc, folder)
    except OSError as exc:
        raise NegosimError(f"{folder}: cannot write ({exc.strerror or exc})") from None
    print(f"wrote {folder}/: " + ", ".join(p.name for p in written))


@app.command()
@guarded
def analyze(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Scenario file (YAML).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
) -> None:
    """The outcome space: the Pareto frontier, the Nash and Kalai-Smorodinsky points (with and without red
    lines) and, for a two-party war, Fearon's range."""
    import json

    from negosim.analysis.outcomes import analyze as analyze_space
    from negosim.engine.compiled import compile_scenario
    from negosim.scenario.loader import load_scenario

    sc = load_scenario(file)
    result = analyze_space(sc, compile_scenario(sc).space)
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        terminal.print_analysis(result)


def _ids(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


@app.command()
@guarded
def schema(
    out: Annotated[Path | None, typer.Option(metavar="FILE", help="Write to FILE instead of printing.")] = None,
    sweep_file: Annotated[bool, typer.Option("--sweep", help="The schema of the sweep file instead.")] = False,
) -> None:
    """Print the JSON Schema of the scenario format (for editors: see docs/how-to/edit-with-schema.md)."""
    if sweep_file:
        from negosim.sweep.spec import sweep_schema_text as schema_text
    else:
        from negosim.scenario.schema import schema_text

    if out is None:
        print(schema_text(), end="")
        return
    from negosim.output import atomic_write

    try:
        atomic_write(out, lambda fh: fh.write(schema_text().encode()))
    except OSError as exc:
        raise NegosimError(f"--out {out}: cannot write ({exc.strerror or exc})") from None
    print(f"wrote {out}")


def _warn(sc) -> None:
    for w in sc.warnings:
        terminal.err(str(w))


def _as_option(p: Problem, rounds: bool) -> Problem:
    """A problem with an override as the command line gave it: ``--set PATH``, or ``--rounds``."""
    from negosim.scenario.overrides import override_of

    if (path := override_of(p.file)) is None:
        return p
    return replace(p, file="--rounds" if rounds and path == "rounds" else f"--set {path}")


def main() -> None:
    from negosim.folders import sigterm_as_interrupt

    sigterm_as_interrupt()
    app()


if __name__ == "__main__":
    main()
