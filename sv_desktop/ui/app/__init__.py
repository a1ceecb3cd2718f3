"""The application shell: starting up, the main window and its menus, settings, about, store switching and backups."""
