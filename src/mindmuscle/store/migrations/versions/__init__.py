"""One module per schema revision; revision ids are 4-digit strings in order."""
