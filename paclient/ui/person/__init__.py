"""A young person's record."""
