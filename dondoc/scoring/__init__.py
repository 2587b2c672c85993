"""Pure scoring functions: indicator progress, task timeliness, report rates and agency ranks."""
