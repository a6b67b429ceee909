"""The adviser's caseload: the list, quick search, and the work lists."""
