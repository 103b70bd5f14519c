"""How a negotiation RUNS on Mesa: space, agents, strategies, model, result."""
