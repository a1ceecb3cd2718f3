"""What every page shares: theme, input widgets, form parts, the table-model base, list pages, background
work and remembered window state."""
