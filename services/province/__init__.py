"""The province's stage after the blocs: proposals, the council's vote, the decision."""
