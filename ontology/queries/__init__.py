"""Shipped SPARQL queries: `kg query NAME` runs NAME.rq."""
