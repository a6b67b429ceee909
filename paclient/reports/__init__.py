"""Printed documents made with ReportLab: frozen records in, PDF bytes out (no Qt, no sessions)."""
