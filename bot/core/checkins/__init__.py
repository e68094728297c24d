"""Symptom check-ins: the question flow, typed dates and holidays, the outcome replies and texts, and the service that stores episodes. Pure: never imports telegram."""
