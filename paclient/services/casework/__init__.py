"""The work done with a young person: activities and destinations, contacts and notes,
assessments and plans, referrals and CAF, custody, and drafts of what is being typed."""
