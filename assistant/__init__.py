"""The Carchan customer assistant: domain core."""
