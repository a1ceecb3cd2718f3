"""SV Desktop: offline social value for NHS and public-sector procurement."""
__version__ = "0.1.0"
