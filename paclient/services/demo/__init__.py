"""A deterministic synthetic caseload for demonstrations, screenshots and benchmarks."""
