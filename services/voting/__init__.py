"""The year-end selection vote: round settings, ballot checks, and the tally.

Everything here is pure Python with exact arithmetic (ints and Fractions), so
each rule is testable on its own and a recount from an export gives the same
answer as the live count.
"""
