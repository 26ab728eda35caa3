"""The Zerty day: the seed story's Friday and Saturday replayed on a simulated clock.

`story` holds what the world and Anne do (the seeded forecast and traffic feed, the
messages she types, where her phone is); `run` drives the engines with it and returns what
the assistant says, as `Moment`s; `printer` shows them with Rich.
"""
