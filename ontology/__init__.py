"""The kg ontology, shapes and shipped SPARQL queries (installed as kg._ontology)."""
