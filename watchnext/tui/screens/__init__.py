"""Screens: Browse (the start), Title, Watchlist, For you, Help, Filters and the edit dialogs."""
