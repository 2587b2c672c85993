"""Agencies: the reference data of names, abbreviations and the 2025 reorganisation."""
