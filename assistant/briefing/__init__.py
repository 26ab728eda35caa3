"""The daily briefing, the evening digest and their weather, commute and traffic providers."""
