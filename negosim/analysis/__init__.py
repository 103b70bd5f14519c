"""Theory on an outcome space: Pareto frontier, Nash, Kalai-Smorodinsky, Fearon's range."""

from negosim.analysis.bargaining import Point, TwoParty, fearon_range, settlement_possible
from negosim.analysis.nash import nash_package

__all__ = ["Point", "TwoParty", "fearon_range", "nash_package", "settlement_possible"]
