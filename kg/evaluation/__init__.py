"""Evaluation against gold data sets: bizgold, KnowledgeNet, TimeML."""
