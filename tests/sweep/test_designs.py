"""Experiment designs: a path varied twice and a design of no sample are refused, in the library and the command."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from negosim.cli import app
from negosim.errors import NegosimError
from negosim.sweep.designs import DESIGNS, SAMPLED, make_design
from negosim.sweep.factors import parse_vary
from tests.conftest import pie, write_yaml

RESERVATION = "actors.a.reservation"


# Mutant: the "varied twice" check removed: each design point would keep only the last value given for the path.
@pytest.mark.parametrize("kind", DESIGNS)
@pytest.mark.parametrize("again", ["b=0.3,0.4", "b=0.1,0.2", "b=0..1"], ids=["other values", "same", "a range"])
def test_a_path_varied_twice_is_refused_and_named(kind, again):
    if kind == "factorial" and ".." in again:
        again = "b=0:1:3"  # a factorial design takes no range; a grid is values too
    factors = [parse_vary("a=1,2"), parse_vary("b=0.1,0.2"), parse_vary(again)]
    with pytest.raises(NegosimError, match=r"^b is varied twice: give each path once$"):
        make_design(factors, kind)


# Mutant: the "at least 1" check removed or moved (n < 0, n <= 1): SALib asked for no point, or one refused.
@pytest.mark.parametrize("kind", SAMPLED)
@pytest.mark.parametrize("samples", [0, -3])
def test_a_sampled_design_of_no_sample_is_refused(kind, samples):
    with pytest.raises(NegosimError, match=rf"^--samples must be at least 1 \(got {samples}\)$"):
        make_design([parse_vary("a=0..1"), parse_vary("b=x,y")], kind, samples)


@pytest.mark.parametrize(("kind", "points"), [("random", 1), ("lhs", 1), ("sobol", 4), ("morris", 3)])
def test_one_sample_is_a_design(kind, points):
    """One sample: one point; Sobol's N(D + 2) and Morris's N(D + 1) with N = 1 and D = 2 factors."""
    design = make_design([parse_vary("a=0..1"), parse_vary("b=x,y")], kind, 1)
    assert len(design) == points and design.unit.shape == (points, 2)
    assert all(0 <= p["a"] <= 1 and p["b"] in ("x", "y") for p in design.points)


@pytest.fixture
def pie_file(tmp_path):
    return write_yaml(tmp_path / "pie.yaml", pie())


@pytest.mark.parametrize("design", [[], ["--design", "random"], ["--design", "sobol"], ["--design", "morris"]],
                         ids=["lhs by default", "random", "sobol", "morris"])  # fmt: skip
def test_the_sweep_command_refuses_zero_samples_with_exit_2_and_writes_nothing(pie_file, tmp_path, design):
    out = tmp_path / "s"
    args = ["sweep", str(pie_file), "--vary", f"{RESERVATION}=0..0.4", "--samples", "0", *design,
            "--replicates", "1", "--workers", "1", "--no-figures", "--out", str(out)]  # fmt: skip
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines()[-1] == "--samples must be at least 1 (got 0)"
    assert "Traceback" not in res.output and "internal error" not in res.output
    assert not out.exists()


def test_the_sweep_command_refuses_a_path_varied_twice_with_exit_2_and_writes_nothing(pie_file, tmp_path):
    out = tmp_path / "s"
    args = ["sweep", str(pie_file), "--vary", f"{RESERVATION}=0.1,0.2", "--vary", f"{RESERVATION}=0.3",
            "--replicates", "1", "--workers", "1", "--no-figures", "--out", str(out)]  # fmt: skip
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines()[-1] == f"{RESERVATION} is varied twice: give each path once"
    assert "Traceback" not in res.output and not out.exists()
