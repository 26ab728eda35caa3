"""Rasa project and the NLU engines behind one interface."""
