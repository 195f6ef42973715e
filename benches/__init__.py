"""Side-by-side benchmarks: each runs currentkit and the baseline a user would otherwise use."""
