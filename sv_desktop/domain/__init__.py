"""Plain-Python rules of the product: no Qt, no database sessions, no I/O."""
