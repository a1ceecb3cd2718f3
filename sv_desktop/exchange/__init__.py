"""Data in and out of SV Desktop: files other people or other copies of the app read and write. No Qt."""
