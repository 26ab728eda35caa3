"""HTTP and WebSocket boundary of the assistant."""
