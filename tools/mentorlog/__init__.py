"""mentorlog: mentoring session records as YAML in git."""

__version__ = "0.1.0"
