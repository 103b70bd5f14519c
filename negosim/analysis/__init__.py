"""Theory on an outcome space: Pareto frontier, Nash, Kalai-Smorodinsky, Fearon's range."""

from negosim.analysis.bargaining import Branches, Point, TwoParty, fearon_range, settlement_possible, two_party
from negosim.analysis.nash import nash_package

__all__ = ["Branches", "Point", "TwoParty", "fearon_range", "nash_package", "settlement_possible", "two_party"]
