"""UI blocks of the province's stage (proposals page)."""
