"""Forms about young people as a whole: a new young person, a leaver notice, a new NEET."""
