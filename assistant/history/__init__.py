"""History domain."""
