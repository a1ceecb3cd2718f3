"""PySide6 user interface: views, Qt models over the services. Never SQL."""
