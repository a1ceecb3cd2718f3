"""Data in and out: the import windows, column matching and its memory, and the export actions."""
