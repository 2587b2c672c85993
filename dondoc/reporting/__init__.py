"""Reporting regimes: the periods a plan is reported on and their calendar of deadlines."""
