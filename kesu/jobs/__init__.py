"""Thin scheduler jobs: each reads the clock, calls one domain sweep and logs what it did."""
