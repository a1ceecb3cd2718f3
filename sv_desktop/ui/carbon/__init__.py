"""Carbon Reduction Plans: versions, the plan editor, checks, alerts and the trajectory chart."""
