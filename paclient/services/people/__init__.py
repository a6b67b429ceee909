"""A young person: details and look-ups, intake (new people, leavers, new NEETs, cohort
imports), consent and safeguarding, the record's overview and history."""
