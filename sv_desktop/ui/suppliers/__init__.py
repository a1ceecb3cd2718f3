"""The supplier register: the list page, the supplier form and merging duplicate records."""
