"""Store geofences, spatial index and presence state machine."""
