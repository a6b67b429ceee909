"""What printed documents and exports are made from, the letterhead, and the log of prints."""
