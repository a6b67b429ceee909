"""The work lists beside the caseload: each list of the store with its count, kept up to date."""
