"""Reference data the authority's administrator edits on a laptop."""
