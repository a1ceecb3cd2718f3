"""One importer per kind of file (contract registers, published notices, supplier lists, spend extracts), sharing
one tabular reader."""
