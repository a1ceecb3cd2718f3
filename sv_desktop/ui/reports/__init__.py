"""The Reports window: choose a report and its options, build it off the GUI thread, open it."""
