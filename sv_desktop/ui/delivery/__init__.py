"""Delivery monitoring: commitments, returns, remedies, the portfolio dashboard and the spend pane."""
