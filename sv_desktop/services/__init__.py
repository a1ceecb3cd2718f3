"""Use cases the UI and the command line both call; the only door to the store."""
