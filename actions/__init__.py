"""rasa-sdk actions, one module per domain.

`python -m rasa_sdk --actions actions` imports every submodule of this package itself and
registers each concrete `Action` subclass; nothing is imported here, so importing the
package has no side effects.
"""
