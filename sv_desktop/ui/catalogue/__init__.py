"""The catalogue browser: every shipped framework as a tree, with search and the full wording of each entry."""
