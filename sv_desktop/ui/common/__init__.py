"""What every page shares: theme, input widgets, form parts, table-model base, list pages, background work, remembered window state."""
