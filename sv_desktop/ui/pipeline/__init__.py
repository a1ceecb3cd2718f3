"""The pipeline of contracts: the list page, the contract form and its tabs, the compliance summary and the
first run."""
