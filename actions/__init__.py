"""rasa-sdk actions, one module per domain."""
