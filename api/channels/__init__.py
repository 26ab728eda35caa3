"""Conversation channels: WebSocket chat, Rasa REST webhook, voice, radio."""
