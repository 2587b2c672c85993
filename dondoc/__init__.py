"""dondoc — theo dõi, đôn đốc thực hiện kế hoạch (plan follow-up for Vietnamese government bodies)."""

__version__ = "0.1.0"
