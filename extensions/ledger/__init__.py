"""The ledger: a recorded decision for every sentence of every article."""
