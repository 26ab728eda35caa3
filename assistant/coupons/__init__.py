"""The household's coupons: which it holds on its own day, what they take off a basket, loading
them onto the card, spending them at the till, and the weekly personalised selection."""
