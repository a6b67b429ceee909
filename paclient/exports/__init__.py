"""Files written for the user: documents saved as PDF, the subject-access export."""
