"""The data mapgen ships with: facts, country aliases and prepared boundaries (see the README in each folder)."""
