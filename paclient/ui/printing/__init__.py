"""Printing from the desktop app: options, progress and cancel, preview, printer, save as PDF."""
