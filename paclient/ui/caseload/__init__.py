"""The caseload: every young person the adviser works with, searchable and sortable."""
