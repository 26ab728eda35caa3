"""The support hotline (01 99 00 42 42 in the demo): who is calling, and how to greet them."""
