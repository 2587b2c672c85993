"""Plans: a signed plan stored with its outline, tasks, indicators and reporting duties."""
