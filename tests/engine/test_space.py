"""Utilities, red lines and distances on the compiled issue space."""

from __future__ import annotations

import numpy as np
import pytest

from negosim.space import build_space
from tests.conftest import build, pie


def mixed():
    data = pie()
    data["issues"]["y"] = {"name": "Y", "range": [0, 10]}
    data["issues"]["z"] = {"name": "Z", "kind": "discrete", "options": ["no", "partial", "yes"], "ordered": True}
    data["actors"]["a"]["positions"] = {
        "x": {"ideal": 1, "salience": 2},
        "y": {"ideal": 4, "salience": 1, "shape": "quadratic"},
        "z": {"values": {"yes": 1, "partial": 0.4}, "salience": 1},
    }
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.3}, {"issue": "z", "not_in": ["no"]}]
    return build_space(build(data))


def test_linear_additive_utility_with_quadratic_and_discrete_issues():
    s = mixed()
    x = np.array([0.5, 9.0, 1.0])  # x=0.5, y=9, z=partial
    # weights 0.5, 0.25, 0.25; v = 1 - 0.5, 1 - (5/10)^2, 0.4
    assert s.utility(x)[0] == pytest.approx(0.5 * 0.5 + 0.25 * 0.75 + 0.25 * 0.4)
    assert s.utility(np.array([1.0, 4.0, 2.0]))[0] == pytest.approx(1.0)


def test_utilities_of_many_packages_at_once():
    s = mixed()
    xs = np.array([[0.5, 9.0, 1.0], [1.0, 4.0, 2.0], [0.0, 0.0, 0.0]])
    u = s.utility(xs)
    assert u.shape == (2, 3)
    assert u[0, 1] == pytest.approx(1.0)
    assert np.all((u >= 0) & (u <= 1))


def test_red_lines_min_and_not_in():
    s = mixed()
    feas = s.feasible(np.array([[0.5, 5, 1], [0.2, 5, 1], [0.5, 5, 0]]))
    assert feas[0].tolist() == [True, False, False]
    assert feas[1].tolist() == [True, True, True]


def test_best_utility_and_package_respect_red_lines():
    data = pie()
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "min": 0.25}]
    s = build_space(build(data))
    assert s.best_utility().tolist() == pytest.approx([1.0, 0.75])
    assert s.best_package(1).tolist() == [0.25]


def test_distance_ordered_and_categorical():
    data = pie()
    data["issues"]["c"] = {"name": "C", "kind": "discrete", "options": ["p", "q", "r"]}
    for a in ("a", "b"):
        data["actors"][a]["positions"]["c"] = {"values": {"p": 1}, "salience": 1}
    s = build_space(build(data))
    d = s.distance(np.array([0.2, 0.0]), np.array([0.7, 2.0]))
    assert d.tolist() == pytest.approx([0.5, 1.0])
