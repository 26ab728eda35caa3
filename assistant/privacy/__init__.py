"""Data protection: the household export (GDPR art. 15/20), erasure (art. 17), consent effects."""
