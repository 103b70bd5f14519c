"""GENIUS domains in and out: the two shipped domains' analysis pinned, any random GENIUS domain's
frontier and Nash point against a brute force over its own numbers, the round trip, and located errors."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import negosim
from negosim.analysis.outcomes import analyze
from negosim.cli import app
from negosim.engine.compiled import compile_scenario
from negosim.genius.convert import read, scenario_text, write
from negosim.genius.files import GeniusError

ROOT = Path(__file__).parents[2]
XML = ROOT / "scenarios" / "genius" / "xml"
EZ = (XML / "EnglandZimbabwe" / "EnglandZimbabwe_domain.xml", XML / "EnglandZimbabwe" / "England.xml",
      XML / "EnglandZimbabwe" / "Zimbabwe.xml")  # fmt: skip
LAPTOP = (XML / "Laptop" / "Laptop-C-domain.xml", XML / "Laptop" / "Laptop-C-prof1.xml",
          XML / "Laptop" / "Laptop-C-prof2.xml")  # fmt: skip
runner = CliRunner()


def imported(tmp_path: Path, files, name: str = "s.yaml"):
    out = tmp_path / name
    res = runner.invoke(app, ["import-genius", *map(str, files), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return negosim.load_scenario(out)


def analysis(sc) -> dict:
    return analyze(sc, compile_scenario(sc).space)


def test_england_zimbabwe_frontier_nash_and_kalai_smorodinsky(tmp_path):
    """576 packages. Nash: $10 billion, a reduction equal to the fund, Zimbabwe raises tariffs, England raises
    imports, a committee to discuss a fund. England: 0.30315 (9/9) + 0.30335 (8/8) + 0.04903 (1/12) + 0.04905
    (1/10) + 0.29543 (10/10) = 0.910916; Zimbabwe: 0.19708 (5/9) + 0.20134 (3/8) + 0.15407 (9/9) + 0.15408 (19/19)
    + 0.29343 (9/11) = 0.733218: NegMAS 0.16's (0.9109, 0.7332), with its 25 frontier outcomes. The
    Kalai-Smorodinsky package (a fund instead of a committee) gives (0.822286, 0.786570): the frontier package
    whose smaller share of each party's best gain (1 each, over reservations 0) is the largest, 0.78657."""
    sc = imported(tmp_path, EZ)
    a = analysis(sc)
    assert a["packages"] == 576 and a["searched"] == "every one of the 576 packages enumerated"
    part = a["with_red_lines"]
    assert part["pareto"]["size"] == 25 and len(part["pareto"]["packages"]) == 25
    assert part["nash"]["utilities"] == {"england": 0.910916, "zimbabwe": 0.733218}
    assert part["nash"]["agreement"] == {
        "size_of_fund": "$10 billion", "impact_on_other_aid": "Reduction equal to fund size",
        "zimbabwe_trade_policy": "Zimbabwe will increase tariffs on imports",
        "england_trade_policy": "England will increase imports",
        "forum_on_other_health_issues": "Creation of committee to discuss creation of fund",
    }  # fmt: skip
    assert part["kalai_smorodinsky"]["utilities"] == {"england": 0.822286, "zimbabwe": 0.78657}
    assert part["kalai_smorodinsky"]["agreement"]["forum_on_other_health_issues"] == "Creation of fund"
    assert a["without_red_lines"] == part  # GENIUS has no red lines
    res = negosim.simulate(sc)  # two Boulware parties
    assert res.outcome == "agreement" and res.summary["nash"] == part["nash"]
    assert res.summary["kalai_smorodinsky"] == part["kalai_smorodinsky"]


def test_laptop_frontier_nash_and_kalai_smorodinsky(tmp_path):
    """27 packages, 4 on the frontier: HP or Macintosh, 60 or 80 Gb, a 19'' monitor. Both profiles' weights
    sum to 1.0000518 (GENIUS's rounding): negosim divides them by their sum, so a best package is worth
    exactly 1 (GENIUS's raw sum would say 1.0000518). prof1 weighs laptop 0.44521, disk 0.37808, monitor
    0.17676 with evaluations HP 30 / Mac 20 of 30, 60 Gb 30 / 80 Gb 20 of 30, 19'' 30 of 30; prof2 weighs them
    0.37808, 0.17676, 0.44521 with Mac 30 / HP 20, 80 Gb 30 / 60 Gb 20, 19'' 3 of 3. Nash: HP, 60 Gb, 19''
    (1 x 0.815063 beats 0.851603 x 0.941084 = 0.801430); Kalai-Smorodinsky: HP, 80 Gb, 19'', 0.873979 to
    each, the frontier's most even package."""
    sc = imported(tmp_path, LAPTOP)
    part = analysis(sc)["with_red_lines"]
    assert part["pareto"]["size"] == 4
    w1 = np.array([0.4452125771655631, 0.37808251708013424, 0.1767567099260568])
    w2 = np.array([0.37808251708013424, 0.1767567099260568, 0.4452125771655631])
    want = {  # (laptop, disk, monitor) values of each profile, by hand
        ("HP", "60 Gb"): ([1, 1, 1], [20 / 30, 20 / 30, 1]),
        ("HP", "80 Gb"): ([1, 20 / 30, 1], [20 / 30, 1, 1]),
        ("Macintosh", "60 Gb"): ([20 / 30, 1, 1], [1, 20 / 30, 1]),
        ("Macintosh", "80 Gb"): ([20 / 30, 20 / 30, 1], [1, 1, 1]),
    }
    got = {(p["agreement"]["laptop"], p["agreement"]["harddisk"]): tuple(p["utilities"].values())
           for p in part["pareto"]["packages"]}  # fmt: skip
    assert got == {k: (round(w1 @ a / w1.sum(), 6), round(w2 @ b / w2.sum(), 6)) for k, (a, b) in want.items()}
    assert {p["agreement"]["external_monitor"] for p in part["pareto"]["packages"]} == {"19'' LCD"}
    assert part["nash"]["agreement"] == {"laptop": "HP", "harddisk": "60 Gb", "external_monitor": "19'' LCD"}
    assert part["nash"]["utilities"] == {"laptop_c_prof1": 1.0, "laptop_c_prof2": 0.815063}
    assert part["kalai_smorodinsky"]["utilities"] == {"laptop_c_prof1": 0.873979, "laptop_c_prof2": 0.873979}
    assert negosim.simulate(sc).outcome == "agreement"


# --- any GENIUS domain -----------------------------------------------------------------------------
def domain_xml(sizes: list[int]) -> str:
    issues = "".join(
        f'<issue index="{k + 1}" name="Issue {k}" vtype="discrete" type="discrete" etype="discrete">'
        + "".join(f'<item index="{m + 1}" value="v{m}"/>' for m in range(n))
        + "</issue>"
        for k, n in enumerate(sizes)
    )
    body = f'<utility_space><objective index="0" name="d">{issues}</objective></utility_space>'
    return f"<negotiation_template>{body}</negotiation_template>"


def profile_xml(evals: list[list[int]], weights: list[float], reservation: float) -> str:
    issues = "".join(
        f'<issue index="{k + 1}" name="Issue {k}" vtype="discrete">'
        + "".join(f'<item index="{m + 1}" value="v{m}" evaluation="{e}"/>' for m, e in enumerate(ev))
        + "</issue>"
        for k, ev in enumerate(evals)
    )
    ws = "".join(f'<weight index="{k + 1}" value="{w!r}"/>' for k, w in enumerate(weights))
    tail = f'<reservation value="{reservation!r}"/>'
    return f'<utility_space><objective index="0" name="d">{issues}{ws}</objective>{tail}</utility_space>'


@st.composite
def genius_domains(draw):
    sizes = draw(st.lists(st.integers(2, 4), min_size=1, max_size=4))
    profiles = []
    for _ in range(2):
        evals = [draw(st.lists(st.integers(0, 20), min_size=n, max_size=n).filter(lambda e: max(e) > 0)) for n in sizes]
        raw = draw(st.lists(st.integers(1, 100), min_size=len(sizes), max_size=len(sizes)))
        weights = [r / sum(raw) for r in raw]
        profiles.append((evals, weights, draw(st.sampled_from([0.0, 0.2, 0.45]))))
    return sizes, profiles


@settings(max_examples=40, deadline=None)
@given(genius_domains())
def test_any_genius_domain_keeps_its_frontier_size_and_nash_point(tmp_path_factory, case):
    """The frontier size and Nash point negosim finds on an imported domain are those of GENIUS's own
    utilities, u = sum_i w_i e_i / max e_i, brute-forced here over every package."""
    sizes, profiles = case
    tmp = tmp_path_factory.mktemp("g")
    (tmp / "d-domain.xml").write_text(domain_xml(sizes))
    for n, p in enumerate(profiles):
        (tmp / f"p{n}.xml").write_text(profile_xml(*p))
    d, ps = read(tmp / "d-domain.xml", [tmp / "p0.xml", tmp / "p1.xml"])
    (tmp / "s.yaml").write_text(scenario_text(d, ps))
    sc = negosim.load_scenario(tmp / "s.yaml")
    assert [sc.actors[a].reservation for a in sc.parties] == [p[2] for p in profiles]
    part = analysis(sc)["with_red_lines"]

    outcomes = list(itertools.product(*[range(n) for n in sizes]))
    u = np.array([[sum(w * ev[k][o[k]] / max(ev[k]) for k, w in enumerate(ws)) for ev, ws, _ in profiles]
                  for o in outcomes])  # fmt: skip
    dominated = [any((u[m] >= u[n] - 1e-9).all() and (u[m] > u[n] + 1e-9).any() for m in range(len(u)))
                 for n in range(len(u))]  # fmt: skip
    assert part["pareto"]["size"] == dominated.count(False)
    d0 = np.array([p[2] for p in profiles])
    rational = (u >= d0 - 1e-9).all(axis=1)
    if not rational.any():
        assert part["nash"] is None
        return
    best = max(np.prod(u[n] - d0) for n in np.flatnonzero(rational))
    got = np.array(list(part["nash"]["utilities"].values()))
    assert np.prod(got - d0) == pytest.approx(best, abs=1e-5)


# --- round trip, reservation and discount ---------------------------------------------------------
def test_export_then_import_gives_the_scenario_back(tmp_path):
    first = imported(tmp_path, EZ, "ez.yaml")
    res = runner.invoke(app, ["export-genius", str(tmp_path / "ez.yaml"), str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["England.xml", "EnglandZimbabwe-domain.xml", "Zimbabwe.xml"]
    out = tmp_path / "out"
    again = imported(
        tmp_path, (out / "EnglandZimbabwe-domain.xml", out / "England.xml", out / "Zimbabwe.xml"), "b.yaml"
    )
    assert again.raw == first.raw


def test_the_profile_keeps_its_reservation_value_and_discount_factor(tmp_path):
    text = (XML / "Laptop" / "Laptop-C-prof2.xml").read_text()
    text = text.replace('<discount_factor value="1.00" />', '<discount_factor value="0.8" />')
    text = text.replace('<reservation value="0.00" />', '<reservation value="0.3" />')
    assert "0.8" in text and "0.3" in text
    (tmp_path / "p2.xml").write_text(text)
    sc = imported(tmp_path, (LAPTOP[0], LAPTOP[1], tmp_path / "p2.xml"))
    actor = sc.actors["p2"]
    assert (actor.reservation, actor.discount) == (0.3, 0.8)
    res = negosim.simulate(sc)
    t = res.round / sc.rounds
    assert res.summary["discounted_utilities"]["p2"] == round(res.summary["utilities"]["p2"] * 0.8**t, 6)
    assert res.summary["discounted_utilities"]["laptop_c_prof1"] == res.summary["utilities"]["laptop_c_prof1"]
    write(sc, tmp_path / "x")
    assert '<discount_factor value="0.8"' in (tmp_path / "x" / "p2.xml").read_text()


def test_a_geniusweb_json_profile_imports_as_its_xml_twin(tmp_path):
    d, (england, _) = read(EZ[0], list(EZ[1:]))
    issues = {i.name: {"values": list(i.values)} for i in d.issues}
    profile = {"LinearAdditiveUtilitySpace": {
        "name": "England", "domain": {"name": "EnglandZimbabwe", "issuesValues": issues},
        "issueWeights": england.weights,
        "issueUtilities": {i: {"DiscreteValueSetUtilities": {"valueUtilities": england.values(i)}} for i in issues},
    }}  # fmt: skip
    (tmp_path / "England.json").write_text(json.dumps(profile))
    via_json = imported(tmp_path, (EZ[0], tmp_path / "England.json", EZ[2]), "j.yaml")
    via_xml = imported(tmp_path, EZ, "x.yaml")
    assert via_json.raw["actors"] == via_xml.raw["actors"]
    (tmp_path / "domain.json").write_text(json.dumps({"name": "EnglandZimbabwe", "issuesValues": issues}))
    web_domain = imported(tmp_path, (tmp_path / "domain.json", tmp_path / "England.json", EZ[2]), "w.yaml")
    assert web_domain.raw["issues"] == via_xml.raw["issues"]
    (tmp_path / "bad.json").write_text('{"LinearAdditiveUtilitySpace": {\n  "name": "England",,\n}}')
    res = runner.invoke(app, ["import-genius", str(EZ[0]), str(tmp_path / "bad.json"), str(EZ[2]), "-o",
                              str(tmp_path / "o.yaml")])  # fmt: skip
    assert res.exit_code == 2 and f"{tmp_path / 'bad.json'}:2:21: not valid JSON" in res.output, res.output


# --- bad input ------------------------------------------------------------------------------------
def test_bad_genius_files_get_located_errors_and_exit_2(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<utility_space>\n<objective index="0">\n<issue name="x">\n</objective>\n')
    bad = runner.invoke(app, ["import-genius", str(EZ[0]), str(broken), str(EZ[2]), "-o", str(tmp_path / "o.yaml")])
    assert bad.exit_code == 2 and f"{broken}:4:3: not well-formed XML: mismatched tag" in bad.output
    assert not (tmp_path / "o.yaml").exists()

    text = EZ[1].read_text()
    (tmp_path / "weights.xml").write_text(text.replace('value="0.3031462333758278"', 'value="0.2"'))
    (tmp_path / "issue.xml").write_text(text.replace('name="Size of Fund"', 'name="Size of the Fund"'))
    (tmp_path / "item.xml").write_text(text.replace('value="$50 Billion"', 'value="$60 Billion"'))
    for name, message in [
        ("weights.xml", ":64:3: the issue weights sum to 0.896854, not 1 (GENIUS needs them to, within 0.001)"),
        ("issue.xml", ':5:3: issue "Size of the Fund" is not in the domain'),
        ("item.xml", ':9:4: "$60 Billion" is not a value of "Size of Fund" in the domain'),
    ]:
        res = runner.invoke(app, ["import-genius", *map(str, (EZ[0], tmp_path / name, EZ[2])), "-o",
                                  str(tmp_path / "o.yaml")])  # fmt: skip
        assert res.exit_code == 2, res.output
        assert f"{tmp_path / name}{message}" in res.output, res.output
    real = tmp_path / "real-domain.xml"
    real.write_text(EZ[0].read_text().replace('vtype="discrete" type="discrete"', 'vtype="real" type="real"', 1))
    with pytest.raises(GeniusError, match='issue "Size of Fund" is real: negosim imports discrete issues only'):
        read(real, list(EZ[1:]))
    one = runner.invoke(app, ["import-genius", str(EZ[0]), str(EZ[1]), "-o", str(tmp_path / "o.yaml")])
    assert one.exit_code == 2 and "at least two profiles" in one.output


def test_export_refuses_what_genius_cannot_hold(tmp_path):
    istanbul = ROOT / "scenarios" / "istanbul-2025.yaml"
    res = runner.invoke(app, ["export-genius", str(istanbul), str(tmp_path / "o")])
    assert res.exit_code == 2
    line = next(n for n, t in enumerate(istanbul.read_text().splitlines(), 1) if t.startswith("  ceasefire:"))
    assert (
        f"{istanbul}:{line}:3: issues.ceasefire: GENIUS XML holds discrete issues only: it is continuous" in res.output
    )
    assert not (tmp_path / "o").exists()


def test_two_profiles_of_one_name_become_two_parties(tmp_path):
    sc = imported(tmp_path, (EZ[0], EZ[1], EZ[1]))
    assert sc.parties == ["england", "england_2"] and [sc.actors[a].name for a in sc.parties] == ["England"] * 2
    assert [p.name for p in tmp_path.iterdir()] == ["s.yaml"]  # the file checked before it took its name
